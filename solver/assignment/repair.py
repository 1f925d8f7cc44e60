"""Repair any plan until every skip has a true reason and every possible leader is seated.

See `explain` for why an improving swap always exists while a skip has no
reason; this module applies them. A visit whose teams have no `can_lead`
member, while a `can_lead` inspector of a staffed department is eligible and
below both caps, gets that inspector in place of a team member (the spec
allows a null leader only when nobody could lead).
"""

from __future__ import annotations

from solver.assignment.eligibility import capacity_full, pair_blocked
from solver.assignment.explain import Loads, choose_leader, skip_reason, skipped
from solver.assignment.problem import Problem

MAX_ROUNDS = 50


def repair(problem: Problem, dates, teams, prefer: dict[int, int | None], cap: int) -> dict[int, str | None]:
    """Fix `teams` in place; return the leader of every visit."""
    loads = Loads(problem, dates, teams)
    leaders = {v.index: choose_leader(problem, v.index, teams, prefer.get(v.index)) for v in problem.visits}
    for _ in range(MAX_ROUNDS):
        _justify_skips(problem, dates, teams, prefer, cap, loads, leaders)
        if not _seat_missing_leaders(problem, dates, teams, prefer, cap, loads, leaders):
            break
    return leaders


def _visit_can_lead(problem: Problem, visit: int, teams) -> bool:
    return any(problem.inspectors[i].can_lead for si in problem.visits[visit].slots for i in teams.get(si, []))


def _swap(problem, si, s, m, teams, loads, leaders, prefer, t) -> None:
    slot = problem.slots[si]
    teams[si] = sorted([i for i in teams[si] if i != m] + [s], key=slot.position.__getitem__)
    loads.add(s, t, 1)
    loads.add(m, t, -1)
    leaders[slot.visit] = choose_leader(problem, slot.visit, teams, prefer.get(slot.visit))


def _swap_out(problem, si, s, teams) -> str | None:
    """The lowest-ranked member below `s` whose seat `s` can take without losing the visit's leader."""
    slot = problem.slots[si]
    team = teams[si]
    had_leader = _visit_can_lead(problem, slot.visit, teams)
    for m in sorted(team, key=slot.position.__getitem__, reverse=True):
        if slot.position[m] < slot.position[s]:
            break
        trial = dict(teams)
        trial[si] = [i for i in team if i != m] + [s]
        if not had_leader or _visit_can_lead(problem, slot.visit, trial):
            return m
    return None


def _justify_skips(problem, dates, teams, prefer, cap, loads, leaders) -> None:
    changed = True
    while changed:
        changed = False
        for si in sorted(teams):
            slot = problem.slots[si]
            t = dates[slot.visit]
            for s in skipped(problem, si, teams[si]):
                if skip_reason(problem, si, s, teams[si], leaders[slot.visit], t, loads, cap) is not None:
                    continue
                m = _swap_out(problem, si, s, teams)
                if m is not None:
                    _swap(problem, si, s, m, teams, loads, leaders, prefer, t)
                    changed = True
                    break


def _seat_missing_leaders(problem, dates, teams, prefer, cap, loads, leaders) -> bool:
    """Seat a possible leader in visits that have none; True if anything changed."""
    changed = False
    for visit in problem.visits:
        if leaders[visit.index] is not None:
            continue
        t = dates[visit.index]
        for si in visit.slots:
            team = teams.get(si, [])
            if not team:
                continue
            if _seat_one(problem, si, team, t, teams, loads, leaders, prefer, cap):
                changed = True
                break
    return changed


def _seat_one(problem, si, team, t, teams, loads, leaders, prefer, cap) -> bool:
    slot = problem.slots[si]
    for c in slot.ranking:
        if c in team or not problem.inspectors[c].can_lead or not problem.eligible(slot, c, t):
            continue
        if capacity_full(loads.total.get(c, 0), loads.day.get((c, t), 0), cap, problem.day_cap):
            continue
        for m in sorted(team, key=slot.position.__getitem__, reverse=True):
            rest = [i for i in team if i != m]
            if not pair_blocked(c, rest, problem.pair_partners):
                _swap(problem, si, c, m, teams, loads, leaders, prefer, t)
                return True
    return False

