"""The planning pipeline on a built `Problem`: dates, effective cap, teams, repair, explanations.

1. Dating (`solver.schedule`), a deterministic heuristic: days are fixed
   first, teams assigned on them. This is the documented method for large
   rounds, used at every size: the status and bound reported are those of
   the team assignment on these dates.
2. Leader seats: per visit, the lead department's slot provides the leader if
   one of its inspectors who can lead is eligible that day; otherwise the
   first department (by code) that has one. This decouples the departments
   (`solver.grouping` splits the round into independent parts); a visit
   whose designated slot ends up without a leader while another of its
   slots is staffed is re-designated and its departments solved again.
3. Effective cap: per department, the least cap whose min-cost flow routes
   as many seats and leader seats as the scenario's cap; the round's is the
   largest of them. CP-SAT confirms it: should a department staff fewer
   slots at it than at the scenario's cap, the cap is raised (binary search).
4. Teams per department: the min-cost flow at that cap, whose costs are
   rank position then tie-break order, is taken as is when it forms whole
   teams with their leader seats and no forbidden pair (then it is optimal);
   otherwise CP-SAT, hinted by the flow; the greedy baseline if the model
   finds nothing within its deterministic limit. Large parts (more than
   `PRUNE_ABOVE` slot–inspector pairs) keep each slot's best candidates only;
   their bound comes from the unpruned flow, so a reported bound is valid.
5. `repair` (every skip gets a true reason, leaders seated), substitutions
   and the diagnosis of every unstaffed slot.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.assignment.diagnosis import diagnose
from solver.assignment.explain import Loads, substitutions
from solver.assignment.flow import FlowNetwork, candidates, smallest_cap
from solver.assignment.greedy import greedy_teams
from solver.assignment.model import Limits, ModelResult, solve_department
from solver.assignment.problem import Problem
from solver.assignment.repair import repair
from solver.grouping import independent_parts, slots_by_department
from solver.schedule import schedule_visits

PRUNE_ABOVE = 8_000
REDESIGNATIONS = 1
PRUNE_MARGIN = 8
LEAD_MARGIN = 3


@dataclass
class Solution:
    """Dates, teams, leaders and the figures of one planning run on a `Problem`."""

    dates: list[int]
    teams: dict[int, list[str]]
    leaders: dict[int, str | None]
    prefer: dict[int, int | None]
    cap: int
    status: str
    bound: int


def _report(progress, phase: str, fraction, **detail) -> None:
    if progress is not None:
        progress(phase, fraction, detail)


def leader_slots(problem: Problem, dates: list[int], excluded: frozenset[int] = frozenset()) -> dict[int, int | None]:
    """The slot that must seat the leader of each visit (None: nobody eligible can lead)."""
    prefer: dict[int, int | None] = {}
    for visit in problem.visits:
        t = dates[visit.index]
        order = sorted(visit.slots, key=lambda si: (problem.slots[si].department != problem.lead_department,
                                                    problem.slots[si].department))
        prefer[visit.index] = next(
            (si for si in order if si not in excluded and t >= 0 and any(
                problem.inspectors[i].can_lead for i in problem.eligible_ranked(problem.slots[si], t))),
            None,
        )
    return prefer


def det_time_for(n_seats: int) -> float:
    """Deterministic time budget of one department's model, growing with its size."""
    return min(30.0, 1.0 + n_seats / 4000.0)


def _pruned(problem: Problem, cands: dict[int, list[str]]) -> dict[int, list[str]]:
    """For large parts: each slot's best `team_size + PRUNE_MARGIN` candidates and best `LEAD_MARGIN` leaders.

    Lower-ranked inspectors only serve when all of these are capped or
    paired, which a spread cap makes rare; the bound reported stays valid
    because it comes from the unpruned flow (`bound`).
    """
    if sum(len(c) for c in cands.values()) <= PRUNE_ABOVE:
        return cands
    keep = problem.team_size + PRUNE_MARGIN
    result = {}
    for si, ranked in cands.items():
        leaders = [i for i in ranked[keep:] if problem.inspectors[i].can_lead][:LEAD_MARGIN]
        chosen = set(ranked[:keep]) | set(leaders)
        result[si] = [i for i in ranked if i in chosen]
    return result


def ideal_cost(problem: Problem, cands: list[str], slot_index: int) -> int:
    """The least rank cost any team of the slot could have: its best eligible inspectors."""
    position = problem.slots[slot_index].position
    return sum(position[i] for i in cands[: problem.team_size])


class _DepartmentSolver:
    """Solves departments at a cap, remembering results so that a re-solve happens only when inputs change."""

    def __init__(self, problem: Problem, dates: list[int], progress) -> None:
        self.problem, self.dates, self.progress = problem, dates, progress
        self.slots = slots_by_department(problem)
        self.full = {d: candidates(problem, self.slots[d], dates) for d in sorted(self.slots)}
        self.cands = {d: _pruned(problem, self.full[d]) for d in sorted(self.full)}
        self.pruned = {d: self.cands[d] is not self.full[d] for d in sorted(self.full)}
        self.cache: dict[tuple, ModelResult] = {}
        self.networks: dict[tuple, FlowNetwork] = {}

    def network(self, dept: str, lead: frozenset[int]) -> FlowNetwork:
        key = (dept, lead & frozenset(self.slots[dept]))
        if key not in self.networks:
            self.networks[key] = FlowNetwork(self.problem, self.slots[dept], self.dates, self.cands[dept], key[1])
        return self.networks[key]

    def flow_cap(self, dept: str, lead: frozenset[int]) -> int:
        cap, _ = smallest_cap(self.network(dept, lead))
        return cap

    def solve(self, dept: str, cap: int, lead: frozenset[int]) -> ModelResult:
        mine = lead & frozenset(self.slots[dept])
        key = (dept, cap, mine)
        if key not in self.cache:
            self.cache[key] = self._solve(dept, cap, mine)
        return self.cache[key]

    def _solve(self, dept: str, cap: int, lead: frozenset[int]) -> ModelResult:
        problem, slot_ids = self.problem, self.slots[dept]
        flow = self.network(dept, lead).solve(cap)
        if flow.integral(problem, slot_ids, lead):
            result = ModelResult(flow.teams, "OPTIMAL", len(slot_ids), flow.cost, flow.cost)
            _report(self.progress, "solve", None, department=dept, cap=cap, status="OPTIMAL", method="flow",
                    objective=flow.cost, bound=flow.cost)
            return result
        if self.pruned[dept]:
            result = self._solve_locally(dept, cap, lead, flow)
            _report(self.progress, "solve", None, department=dept, cap=cap, status=result.status, method="local",
                    objective=result.rank_cost)
            return result
        hint = flow.teams
        cands = self.cands[dept]
        n_seats = sum(len(c) for c in cands.values())
        result = solve_department(problem, cands, self.dates, cap, lead, hint, det_time_for(n_seats),
                                  self.progress, {"department": dept, "cap": cap})
        if result.status not in ("OPTIMAL", "FEASIBLE"):
            teams = greedy_teams(problem, self.dates, cap, lead)
            mine = {si: teams[si] for si in slot_ids}
            cost = sum(problem.slots[si].position[i] for si in slot_ids for i in mine[si])
            result = ModelResult(mine, "FEASIBLE", sum(1 for t in mine.values() if t), cost, 0)
        _report(self.progress, "solve", None, department=dept, cap=cap, status=result.status,
                objective=result.rank_cost, bound=result.rank_bound)
        return result

    def _solve_locally(self, dept: str, cap: int, lead: frozenset[int], flow) -> ModelResult:
        """Large parts: keep the flow's valid teams, re-solve by CP-SAT only the broken slots and their neighbours.

        Neighbours are the slots of the same day whose team holds a candidate
        of a broken slot, so that seats can move between them; every other
        team stays as the flow made it, and its loads count against the caps.
        """
        problem, slot_ids = self.problem, self.slots[dept]
        bad = flow.broken(problem, slot_ids, lead)
        wanted = {(i, self.dates[problem.slots[si].visit]) for si in bad for i in self.cands[dept][si]}
        free = set(bad) | {si for si in slot_ids
                           if any((i, self.dates[problem.slots[si].visit]) in wanted for i in flow.teams[si])}
        limits = Limits(cap, problem.day_cap)
        for si in slot_ids:
            if si not in free:
                for i in flow.teams[si]:
                    t = self.dates[problem.slots[si].visit]
                    limits.used[i] = limits.used.get(i, 0) + 1
                    limits.used_day[i, t] = limits.used_day.get((i, t), 0) + 1
        cands = {si: self.cands[dept][si] for si in sorted(free)}
        n_seats = sum(len(c) for c in cands.values())
        local = solve_department(problem, cands, self.dates, cap, lead & frozenset(free), flow.teams,
                                 det_time_for(n_seats), self.progress, {"department": dept, "cap": cap}, limits)
        if local.status not in ("OPTIMAL", "FEASIBLE"):
            local = ModelResult({si: [] for si in cands}, "FEASIBLE", 0, 0, 0)
        teams = {si: (local.teams[si] if si in free else flow.teams[si]) for si in slot_ids}
        cost = sum(problem.slots[si].position[i] for si in slot_ids for i in teams[si])
        return ModelResult(teams, "FEASIBLE", sum(1 for si in slot_ids if teams[si]), cost, 0)

    def staffable_left(self, dept: str, result: ModelResult) -> bool:
        """True when a slot with enough candidates stayed unstaffed (the cap may be what stopped it)."""
        size = self.problem.team_size
        return any(not result.teams[si] and len(self.cands[dept][si]) >= size for si in self.slots[dept])

    def bound(self, dept: str, cap: int, lead: frozenset[int], result: ModelResult) -> int:
        """A valid lower bound on the department's rank cost among plans staffing the same slots.

        The best of: each staffed slot's ideal team, the model's own bound
        (unpruned models), and the unpruned flow's cost when that flow seats
        exactly as many inspectors and leaders as the solution (the solution
        is then one of the flows it minimises over).
        """
        problem = self.problem
        staffed = [si for si in self.slots[dept] if result.teams[si]]
        best = sum(ideal_cost(problem, self.full[dept][si], si) for si in staffed)
        if not self.pruned[dept]:
            return max(best, result.rank_bound)
        mine = lead & frozenset(self.slots[dept])
        flow = FlowNetwork(problem, self.slots[dept], self.dates, self.full[dept], mine, tiebreak=False).solve(cap)
        seated = sum(len(result.teams[si]) for si in staffed)
        leaders = sum(1 for si in staffed if si in mine)
        if (flow.units, flow.leaders) == (seated, leaders):
            best = max(best, flow.cost)
        return min(best, result.rank_cost)


def _department_cap(solver: _DepartmentSolver, dept: str, cap: int, lead: frozenset[int]) -> int:
    """Raise `cap` until the department staffs as many slots as at the scenario's cap (CP-SAT confirmation)."""
    top_cap = solver.problem.round_cap
    here = solver.solve(dept, cap, lead)
    if cap >= top_cap or not solver.staffable_left(dept, here):
        return cap
    target = solver.solve(dept, top_cap, lead).staffed
    low, high = cap + 1, top_cap
    if here.staffed >= target:
        return cap
    while low < high:
        mid = (low + high) // 2
        if solver.solve(dept, mid, lead).staffed >= target:
            high = mid
        else:
            low = mid + 1
    return high


def _solve_teams(solver: _DepartmentSolver, lead: frozenset[int], progress) -> tuple[int, dict[str, ModelResult]]:
    problem = solver.problem
    parts = independent_parts(problem)
    depts = [d for part in parts for d in part]
    caps = {d: solver.flow_cap(d, lead) for d in depts}
    cap = max(caps.values(), default=0)
    _report(progress, "cap", None, flow_caps=caps, cap=cap)
    for _ in range(len(depts) + 1):
        raised = max((_department_cap(solver, d, cap, lead) for d in depts), default=cap)
        if raised == cap:
            break
        cap = raised
    results = {}
    for n, dept in enumerate(depts):
        results[dept] = solver.solve(dept, cap, lead)
        _report(progress, "solve", (n + 1) / len(depts), department=dept, status=results[dept].status)
    return cap, results


def _lost_leader_seats(problem: Problem, prefer: dict[int, int | None], teams: dict[int, list[str]]) -> frozenset[int]:
    """Designated leader slots left without a leader while another slot of the visit is staffed.

    Such a visit may find its leader in another department's team: the
    slot is then no longer designated and the planner tries again.
    """
    lost = set()
    for visit in problem.visits:
        si = prefer[visit.index]
        if si is None or any(problem.inspectors[i].can_lead for i in teams[si]):
            continue
        if any(teams[o] for o in visit.slots if o != si):
            lost.add(si)
    return frozenset(lost)


def solve_problem(problem: Problem, progress=None) -> Solution:
    """Plan `problem`: see the module docstring for the steps."""
    dates = schedule_visits(problem)
    _report(progress, "schedule", 1.0, visits=len(problem.visits), days=len(problem.days))
    solver = _DepartmentSolver(problem, dates, progress)
    excluded: frozenset[int] = frozenset()
    for _ in range(REDESIGNATIONS + 1):
        prefer = leader_slots(problem, dates, excluded)
        lead = frozenset(si for si in prefer.values() if si is not None)
        cap, results = _solve_teams(solver, lead, progress)
        teams = {si: t for r in results.values() for si, t in r.teams.items()}
        lost = _lost_leader_seats(problem, prefer, teams)
        if not lost - excluded:
            break
        excluded |= lost
    _report(progress, "repair", None)
    leaders = repair(problem, dates, teams, prefer, cap)
    _report(progress, "bound", None)
    bound = sum(solver.bound(d, cap, lead, results[d]) for d in sorted(results))
    objective = sum(problem.slots[si].position[i] for si in sorted(teams) for i in teams[si])
    # Proven optimal (for these dates) when the objective meets a valid bound.
    status = "OPTIMAL" if objective <= bound else "FEASIBLE"
    return Solution(dates, teams, leaders, prefer, cap, status, bound)


def unstaffed_entries(problem: Problem, solution: Solution) -> list[dict]:
    """One entry per unstaffed slot, with its diagnosis."""
    loads = Loads(problem, solution.dates, solution.teams)
    lead = {si for si in solution.prefer.values() if si is not None}
    entries = []
    for slot in problem.slots:
        if solution.teams.get(slot.index):
            continue
        english, chinese = diagnose(problem, slot.index, solution.dates[slot.visit], loads, solution.cap,
                                    slot.index in lead)
        entries.append({"target": slot.target, "department": slot.department, "reason": english,
                        "reason_zh": chinese})
    return entries


def solve_greedy(problem: Problem) -> Solution:
    """The greedy baseline on the planner's own dates and leader seats, at the scenario's cap.

    Its skips go through the same `repair`, so that the baseline is a valid
    plan too and the comparison is about quality only.
    """
    dates = schedule_visits(problem)
    prefer = leader_slots(problem, dates)
    lead = frozenset(si for si in prefer.values() if si is not None)
    teams = greedy_teams(problem, dates, problem.round_cap, lead)
    leaders = repair(problem, dates, teams, prefer, problem.round_cap)
    return Solution(dates, teams, leaders, prefer, problem.round_cap, "GREEDY", 0)


def load_spread(problem: Problem, solution: Solution) -> int:
    """max − min visits per inspector, over inspectors eligible for at least one slot on its date."""
    loads = Loads(problem, solution.dates, solution.teams)
    eligible = sorted({i for slot in problem.slots if solution.dates[slot.visit] >= 0
                       for i in problem.eligible_ranked(slot, solution.dates[slot.visit])})
    counts = [loads.total.get(i, 0) for i in eligible]
    return max(counts) - min(counts) if counts else 0
