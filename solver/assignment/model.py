"""CP-SAT model of one department's teams on fixed dates: one function per rule.

Variables: `seat[s, i]` (inspector i sits in slot s's team) and `staffed[s]`.
Goals, lexicographic: most staffed slots, then the least total drawn rank
position of the seated inspectors (the drawn order, hence few substitutions);
a second solve, only once the first is proven optimal, fixes both and picks
the unique optimum by the draw's tie-break values. The effective cap is
chosen outside (`planner`), which calls this model at a given cap.

Determinism: one worker and a deterministic time limit, never wall clock,
so the same input gives the same answer on a loaded machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.assignment.problem import Problem

WORKERS = 1


@dataclass
class ModelResult:
    """Teams found, with the solver's status and the rank cost objective and bound."""

    teams: dict[int, list[str]]
    status: str
    staffed: int
    rank_cost: int
    rank_bound: int


@dataclass
class Limits:
    """Room left under the caps: the cap minus the load of seats fixed outside the model (if any)."""

    cap: int
    day_cap: int
    used: dict[str, int] = field(default_factory=dict)
    used_day: dict[tuple[str, int], int] = field(default_factory=dict)

    def round_room(self, inspector: str) -> int:
        return self.cap - self.used.get(inspector, 0)

    def day_room(self, inspector: str, t: int) -> int:
        return self.day_cap - self.used_day.get((inspector, t), 0)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Forwards each improving solution to the caller's progress callable."""

    def __init__(self, report, detail: dict, rank_cost, staffed) -> None:
        super().__init__()
        self._report = report
        self._detail = detail
        self._rank_cost = rank_cost
        self._staffed = staffed

    def on_solution_callback(self) -> None:
        detail = dict(self._detail, staffed=int(self.value(self._staffed)), objective=int(self.value(self._rank_cost)))
        self._report("solve", None, detail)


def _seats(model, problem: Problem, cands: dict[int, list[str]]) -> dict[tuple[int, str], cp_model.IntVar]:
    return {(si, i): model.new_bool_var(f"seat_{si}_{i}") for si in sorted(cands) for i in cands[si]}


def add_team_size(model, problem, cands, seat, staffed) -> None:
    """A staffed slot has exactly `team_size` distinct inspectors; an unstaffed one none."""
    for si in sorted(cands):
        model.add(sum(seat[si, i] for i in cands[si]) == problem.team_size * staffed[si])


def add_leader_seat(model, problem, cands, seat, staffed, leader_slots, dates, limits: Limits) -> list:
    """A slot that provides the visit's leader seats at least one `can_lead` inspector,

    unless it is excused: every `can_lead` inspector eligible for it that day
    is full (round cap or day cap reached), the spec's only ground for a
    visit without a leader. Returns the excuse variables, which the objective
    penalises just below staffing.
    """
    seats_of: dict[str, list] = {}
    day_seats: dict[tuple[str, int], list] = {}
    for key in sorted(seat):
        seats_of.setdefault(key[1], []).append(seat[key])
        day_seats.setdefault((key[1], dates[problem.slots[key[0]].visit]), []).append(seat[key])
    full: dict[tuple, cp_model.IntVar] = {}

    def is_full(key: tuple, seats: list, limit: int):
        if key not in full:
            full[key] = model.new_bool_var(f"full_{key}")
            model.add(sum(seats) >= limit).only_enforce_if(full[key])
        return full[key]

    excuses = []
    for si in sorted(leader_slots & cands.keys()):
        t = dates[problem.slots[si].visit]
        leaders = [seat[si, i] for i in cands[si] if problem.inspectors[i].can_lead]
        excused = model.new_bool_var(f"excused_{si}")
        model.add(sum(leaders) + excused >= staffed[si])
        for i in problem.eligible_ranked(problem.slots[si], t):
            if not problem.inspectors[i].can_lead:
                continue
            if limits.round_room(i) <= 0 or limits.day_room(i, t) <= 0:
                continue  # already full with the seats fixed outside the model
            reasons = []
            if i in seats_of:
                reasons.append(is_full(("round", i), seats_of[i], limits.round_room(i)))
            if (i, t) in day_seats:
                reasons.append(is_full(("day", i, t), day_seats[i, t], limits.day_room(i, t)))
            model.add_bool_or([excused.Not(), *reasons])
        excuses.append(excused)
    return excuses


def add_forbidden_pairs(model, problem, cands, seat) -> None:
    """No forbidden pair serves in the same team."""
    for si in sorted(cands):
        members = set(cands[si])
        for i in cands[si]:
            for j in sorted(problem.pair_partners.get(i, frozenset())):
                if i < j and j in members:
                    model.add_bool_or([seat[si, i].Not(), seat[si, j].Not()])


def add_day_cap(model, problem, cands, seat, dates, limits: Limits) -> None:
    """No inspector has more than `max_visits_per_inspector_per_day` visits on a day."""
    by_day: dict[tuple[str, int], list] = {}
    for si in sorted(cands):
        t = dates[problem.slots[si].visit]
        for i in cands[si]:
            by_day.setdefault((i, t), []).append(seat[si, i])
    for key in sorted(by_day):
        if len(by_day[key]) > limits.day_room(*key):
            model.add(sum(by_day[key]) <= limits.day_room(*key))


def add_round_cap(model, cands, seat, limits: Limits) -> None:
    """No inspector has more visits in the round than the cap in force."""
    by_inspector: dict[str, list] = {}
    for si in sorted(cands):
        for i in cands[si]:
            by_inspector.setdefault(i, []).append(seat[si, i])
    for i in sorted(by_inspector):
        if len(by_inspector[i]) > limits.round_room(i):
            model.add(sum(by_inspector[i]) <= limits.round_room(i))


def tiebreak_order(problem: Problem, cands: dict[int, list[str]]) -> dict[tuple[int, str], int]:
    """Each candidate's place in its slot's order by r("tiebreak:" + target + ":" + inspector)."""
    order = {}
    for si in sorted(cands):
        target = problem.slots[si].target
        keyed = sorted((problem.tiebreak_value(target, i), i) for i in cands[si])
        order.update({(si, i): n for n, (_, i) in enumerate(keyed)})
    return order


def _break_ties(model, problem, cands, seat, first, fixed, det_time) -> cp_model.CpSolver:
    """Second solve: same staffing, excuses and rank cost, least tie-break order; the first answer if it fails."""
    for expr, value in fixed:
        model.add(expr == value)
    model.clear_hints()
    for key in sorted(seat):
        model.add_hint(seat[key], bool(first.value(seat[key])))
    order = tiebreak_order(problem, cands)
    model.minimize(sum(order[k] * seat[k] for k in sorted(seat)))
    second = _solver(det_time)
    return second if second.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE) else first


def _add_hints(model, problem, cands, seat, staffed, hint: dict[int, list[str]]) -> None:
    """Start from the flow's teams (not always valid: the solver repairs them)."""
    for si in sorted(cands):
        team = set(hint.get(si, []))
        for i in cands[si]:
            model.add_hint(seat[si, i], i in team)
        model.add_hint(staffed[si], len(team) == problem.team_size)


def _solver(det_time: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.max_deterministic_time = det_time
    solver.parameters.random_seed = 0
    # The full linear relaxation makes this transportation-like model easy: proofs in
    # a fraction of a second where the default single worker wanders for minutes.
    solver.parameters.linearization_level = 2
    # Presolve costs more than it saves on these already tight models (measured: 4x slower at V=200).
    solver.parameters.cp_model_presolve = False
    return solver


def _status_name(code) -> str:
    return {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE", cp_model.INFEASIBLE: "INFEASIBLE",
            cp_model.MODEL_INVALID: "MODEL_INVALID"}.get(code, "UNKNOWN")


def solve_department(
    problem: Problem,
    cands: dict[int, list[str]],
    dates: list[int],
    cap: int,
    leader_slots: frozenset[int],
    hint: dict[int, list[str]],
    det_time: float,
    progress=None,
    detail: dict | None = None,
    limits: Limits | None = None,
) -> ModelResult:
    """Best teams for one department's slots at per-round cap `cap` (see the module docstring).

    `limits` carries the loads of seats fixed outside the model, when only
    some slots are solved (the large-round method).
    """
    limits = limits or Limits(cap, problem.day_cap)
    model = cp_model.CpModel()
    seat = _seats(model, problem, cands)
    staffed = {si: model.new_bool_var(f"staffed_{si}") for si in sorted(cands)}
    add_team_size(model, problem, cands, seat, staffed)
    excuses = add_leader_seat(model, problem, cands, seat, staffed, leader_slots, dates, limits)
    add_forbidden_pairs(model, problem, cands, seat)
    add_day_cap(model, problem, cands, seat, dates, limits)
    add_round_cap(model, cands, seat, limits)
    position = {key: problem.slots[key[0]].position[key[1]] for key in seat}
    rank_cost = sum(position[key] * seat[key] for key in sorted(seat))
    # Lexicographic weights: a staffed slot outweighs every leader excuse, which outweighs all rank cost.
    weight = 1 + sum(problem.team_size * len(cands[si]) for si in cands)
    staff_weight = weight * (len(excuses) + 1)
    n_staffed_expr = sum(staffed[si] for si in sorted(staffed))
    model.minimize(rank_cost + weight * sum(excuses) - staff_weight * n_staffed_expr)
    _add_hints(model, problem, cands, seat, staffed, hint)
    solver = _solver(det_time)
    callback = _Progress(progress, detail or {}, rank_cost, n_staffed_expr) if progress else None
    code = solver.solve(model, callback) if callback else solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ModelResult({si: [] for si in cands}, _status_name(code), 0, 0, 0)
    n_staffed = sum(solver.value(staffed[si]) for si in sorted(staffed))
    cost = sum(position[k] for k in sorted(seat) if solver.value(seat[k]))
    n_excused = sum(solver.value(e) for e in excuses)
    bound = max(0, int(solver.best_objective_bound) + staff_weight * n_staffed - weight * n_excused)
    status = _status_name(code)
    if code == cp_model.OPTIMAL:
        fixed = [(n_staffed_expr, n_staffed), (sum(excuses), n_excused), (rank_cost, cost)]
        solver = _break_ties(model, problem, cands, seat, solver, fixed, det_time)
        bound = cost
    teams = {si: sorted((i for i in cands[si] if solver.value(seat[si, i])),
                        key=problem.slots[si].position.__getitem__) for si in sorted(cands)}
    return ModelResult(teams, status, n_staffed, cost, min(bound, cost))
