"""The greedy baseline: walk the visits in (date, target) order, take the first eligible inspectors.

Used by the benchmark as the yardstick, by the tests as "the planner is never
worse", and by the planner as the fallback when a model finds no solution.
It seats, per slot, the highest-ranked inspectors who are eligible that day,
below both caps and not in a forbidden pair with one already seated; a slot
that must provide the leader trades its lowest non-leader seat for the best
available `can_lead` inspector, or stays unstaffed.
"""

from __future__ import annotations

from solver.assignment.problem import Problem


def greedy_teams(
    problem: Problem, dates: list[int], cap: int, leader_slots: frozenset[int]
) -> dict[int, list[str]]:
    """Teams for every slot (empty list: unstaffed), first come first served."""
    load: dict[str, int] = {}
    day_load: dict[tuple[str, int], int] = {}
    teams: dict[int, list[str]] = {}
    order = sorted(problem.visits, key=lambda v: (dates[v.index], v.target))
    for visit in order:
        t = dates[visit.index]
        for si in visit.slots:
            slot = problem.slots[si]
            free = [] if t < 0 else [
                i for i in slot.ranking
                if problem.eligible(slot, i, t) and load.get(i, 0) < cap and day_load.get((i, t), 0) < problem.day_cap
            ]
            team = _pick(problem, free, si in leader_slots)
            teams[si] = sorted(team, key=slot.position.__getitem__)
            for i in team:
                load[i] = load.get(i, 0) + 1
                day_load[i, t] = day_load.get((i, t), 0) + 1
    return teams


def _pick(problem: Problem, free: list[str], needs_leader: bool) -> list[str]:
    team: list[str] = []
    for i in free:
        if len(team) == problem.team_size:
            break
        if not any(m in problem.pair_partners.get(i, ()) for m in team):
            team.append(i)
    if len(team) < problem.team_size:
        return []
    if not needs_leader or any(problem.inspectors[m].can_lead for m in team):
        return team
    for leader in free:
        if not problem.inspectors[leader].can_lead or leader in team:
            continue
        for out in reversed(range(len(team))):
            rest = team[:out] + team[out + 1:]
            if not any(m in problem.pair_partners.get(leader, ()) for m in rest):
                return rest + [leader]
    return []
