"""The planner of issue 6: visit dates, teams, leaders, substitutions and unstaffed slots.

`plan_round(scenario, draw)` is the entry point used by `coordinator solve`
(via `solver.plan.make_plan`). It is a pure function of the scenario and the
draw: the same input gives the same `Assignment` on any machine and under
any load (fixed solver workers, deterministic limits, sorted iteration).

Goals, in order: staff as many slots as possible; the smallest per-round cap
that still does so (`stats.max_visits_per_inspector_effective`); the drawn
order (least total rank position, so substitutions are few and each has a
true reason); street days (in the dating); the draw's tie-break.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from solver.assignment.explain import substitutions
from solver.assignment.planner import Solution, solve_problem, unstaffed_entries
from solver.assignment.problem import Problem, build_problem
from solver.draw import r_value, rank_inspectors
from solver.schema import scenario_calendar


@dataclass
class VisitAssignment:
    """The planned date, the teams (department → inspectors in slot ranking order) and the leader."""

    target: str
    date: dt.date | None
    teams: dict[str, list[str]]
    leader: str | None


@dataclass
class Assignment:
    """What the planner decided, keyed by target, with substitutions, unstaffed slots and figures."""

    visits: dict[str, VisitAssignment]
    substitutions: list[dict] = field(default_factory=list)
    unstaffed: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def problem_from(scenario, draw) -> Problem:
    """The internal problem for a scenario and its draw (rankings and tie-breaks from the draw key)."""
    prk = draw.prk
    return build_problem(
        scenario,
        draw,
        scenario_calendar(scenario),
        rank=lambda target, ids: rank_inspectors(prk, target, ids),
        tiebreak=lambda target, inspector: r_value(prk, f"tiebreak:{target}:{inspector}"),
    )


def assignment_from(problem: Problem, solution: Solution) -> Assignment:
    """Translate a solution on indices into the plan's vocabulary."""
    visits = {}
    for visit in problem.visits:
        t = solution.dates[visit.index]
        teams = {problem.slots[si].department: list(solution.teams[si])
                 for si in visit.slots if solution.teams.get(si)}
        visits[visit.target] = VisitAssignment(visit.target, problem.days[t] if t >= 0 else None, teams,
                                               solution.leaders.get(visit.index))
    subs = substitutions(problem, solution.dates, solution.teams, solution.leaders, solution.cap)
    rank = {(s.target, s.department): s.position for s in problem.slots}
    subs.sort(key=lambda e: (e["target"], e["department"], rank[e["target"], e["department"]][e["skipped"]]))
    objective = sum(problem.slots[si].position[i] for si in sorted(solution.teams) for i in solution.teams[si])
    stats = {
        "solver_status": solution.status,
        "objective": objective,
        "bound": min(solution.bound, objective),
        "max_visits_per_inspector_effective": solution.cap,
    }
    return Assignment(visits, subs, unstaffed_entries(problem, solution), stats)


def plan_round(scenario, draw, *, progress=None) -> Assignment:
    """Dates, teams, leaders, substitutions and unstaffed slots for a drawn round."""
    problem = problem_from(scenario, draw)
    if progress is not None:
        progress("build", 1.0, {"visits": len(problem.visits), "slots": len(problem.slots)})
    solution = solve_problem(problem, progress)
    assignment = assignment_from(problem, solution)
    if progress is not None:
        progress("done", 1.0, dict(assignment.stats))
    return assignment

