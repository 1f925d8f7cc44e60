"""Dating: give every visit a working day of the window (the heuristic of issue 6, item 1).

A visit's *cost* on a day is the sum of the drawn rank positions of the best
team each of its slots could have that day (the inspectors ranked highest
among those eligible then); a slot that cannot be staffed that day costs
`UNSTAFFABLE`. The days of least cost are the visit's good days: on them the
drawn order can be honoured best, which is the planner's goal after staffing
and spreading. Among good days, visits on the same street go to the same day
(fewer trips), as long as each department's inspectors keep room under the
per-day cap (`FILL` of their capacity, so that the team assignment still has
choice). Ties go to the least loaded, then the earliest day, so the result is
a pure function of the problem.
"""

from __future__ import annotations

from solver.assignment.problem import Problem

UNSTAFFABLE = 10**6
FILL = 0.5


def visit_costs(problem: Problem) -> list[list[int]]:
    """cost[v][t] for every visit and candidate day (see the module docstring)."""
    candidates = {s.index: [i for i in s.ranking if s.static_reason[i] is None] for s in problem.slots}
    costs = []
    for visit in problem.visits:
        row = []
        for t in range(len(problem.days)):
            total = 0
            for si in visit.slots:
                picked = 0
                for i in candidates[si]:
                    if problem.available[i][t]:
                        total += problem.slots[si].position[i]
                        picked += 1
                        if picked == problem.team_size:
                            break
                if picked < problem.team_size:
                    total += UNSTAFFABLE
            row.append(total)
        costs.append(row)
    return costs


def _day_capacity(problem: Problem) -> dict[tuple[str, int], float]:
    """Slots each department can take on a day, at `FILL` of its inspectors' day caps."""
    capacity = {}
    for dept, members in sorted(problem.by_department.items()):
        for t in range(len(problem.days)):
            units = sum(problem.day_cap for i in members if problem.available[i][t])
            capacity[dept, t] = FILL * units / max(1, problem.team_size)
    return capacity


def schedule_visits(problem: Problem) -> list[int]:
    """A day index for every visit; an empty list of days gives every visit -1."""
    n_days = len(problem.days)
    if n_days == 0:
        return [-1] * len(problem.visits)
    costs = visit_costs(problem)
    best_cost = [min(row) for row in costs]
    capacity = _day_capacity(problem)
    used = {key: 0 for key in capacity}
    dates = [-1] * len(problem.visits)
    streets: dict[str, list[int]] = {}
    for visit in problem.visits:
        streets.setdefault(visit.street, []).append(visit.index)
    for street in sorted(streets, key=lambda s: (-len(streets[s]), s)):
        remaining = streets[street]
        while remaining:
            remaining = _place_street_day(problem, remaining, costs, best_cost, capacity, used, dates)
    return dates


def _fits(problem: Problem, v: int, t: int, capacity, used) -> bool:
    return all(used[d, t] + 1 <= capacity[d, t] for d in problem.visits[v].departments if (d, t) in capacity)


def _load(problem: Problem, v: int, t: int, capacity, used) -> float:
    return max((used[d, t] / capacity[d, t] if capacity[d, t] else 1.0)
               for d in problem.visits[v].departments if (d, t) in capacity) if problem.visits[v].departments else 0.0


def _place_street_day(problem, remaining, costs, best_cost, capacity, used, dates) -> list[int]:
    """Put the largest group of the street's visits that share a good day on that day."""
    best = None
    for t in range(len(problem.days)):
        group = [v for v in remaining if costs[v][t] == best_cost[v] and _fits(problem, v, t, capacity, used)]
        if not group:
            continue
        key = (-len(group), sum(_load(problem, v, t, capacity, used) for v in group) / len(group), t)
        if best is None or key < best[0]:
            best = (key, t, group)
    if best is None:
        v = remaining[0]
        fitting = [t for t in range(len(problem.days)) if _fits(problem, v, t, capacity, used)]
        pool = fitting or list(range(len(problem.days)))
        t = min(pool, key=lambda d: (costs[v][d], _load(problem, v, d, capacity, used), d))
        group = [v]
    else:
        _, t, group = best
    placed = []
    for v in group:
        if len(group) > 1 and not _fits(problem, v, t, capacity, used):
            continue
        dates[v] = t
        placed.append(v)
        for d in problem.visits[v].departments:
            if (d, t) in used:
                used[d, t] += 1
    done = set(placed)
    return [v for v in remaining if v not in done]
