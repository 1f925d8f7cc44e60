"""Leaders, substitutions with their true reasons, and the repair that makes every skip true.

The spec (scenario.md, "Skipped inspector") asks a reason for every
inspector ranked above a team's lowest member and left out. An exact rank
optimum only skips for a true reason: were the skipped inspector eligible,
below both caps, in no forbidden pair with the team, and not displaced by the
leader's seat, swapping them for a lower-ranked member would be a valid plan
of smaller rank cost. `repair` applies exactly those swaps to any plan (a
time-limited solve, the greedy baseline) until none is left; each swap
lowers the total rank cost, so the loop ends, and the result is a plan
whose every skip has a reason judged against its own final loads.
"""

from __future__ import annotations

from solver.assignment.eligibility import (
    CAPACITY,
    LEADER_REQUIRED,
    PAIR_CONFLICT,
    capacity_full,
    leader_seat,
    pair_blocked,
)
from solver.assignment.problem import Problem


class Loads:
    """Visits per inspector in the round and per day, kept in step with the teams."""

    def __init__(self, problem: Problem, dates: list[int], teams: dict[int, list[str]]) -> None:
        self.total: dict[str, int] = {}
        self.day: dict[tuple[str, int], int] = {}
        for si in sorted(teams):
            for i in teams[si]:
                self.add(i, dates[problem.slots[si].visit], 1)

    def add(self, inspector: str, t: int, delta: int) -> None:
        self.total[inspector] = self.total.get(inspector, 0) + delta
        self.day[inspector, t] = self.day.get((inspector, t), 0) + delta


def choose_leader(problem: Problem, visit_index: int, teams: dict[int, list[str]], prefer: int | None) -> str | None:
    """The leader per the spec: lead department's best `can_lead` member, else the designated team's, else any."""
    visit = problem.visits[visit_index]
    order = sorted(visit.slots, key=lambda si: (problem.slots[si].department != problem.lead_department,
                                                si != prefer, problem.slots[si].department))
    for si in order:
        for i in teams.get(si, []):
            if problem.inspectors[i].can_lead:
                return i
    return None


def skip_reason(problem, si, s, team, leader, t, loads: Loads, cap: int) -> str | None:
    """The first true reason for skipping `s` in slot `si`, or None."""
    slot = problem.slots[si]
    reason = problem.reason(slot, s, t)
    if reason:
        return reason
    if pair_blocked(s, team, problem.pair_partners):
        return PAIR_CONFLICT
    if capacity_full(loads.total.get(s, 0), loads.day.get((s, t), 0), cap, problem.day_cap):
        return CAPACITY
    can_lead = {i: problem.inspectors[i].can_lead for i in team + [s]}
    if leader_seat(s, team, leader, slot.position, can_lead):
        return LEADER_REQUIRED
    return None


def skipped(problem: Problem, si: int, team: list[str]) -> list[str]:
    """Inspectors ranked above the team's lowest member and not in it, best first."""
    if not team:
        return []
    slot = problem.slots[si]
    lowest = max(slot.position[i] for i in team)
    members = set(team)
    return [i for i in slot.ranking[:lowest] if i not in members]


def substitutions(problem, dates, teams, leaders, cap) -> list[dict]:
    """One entry per skipped inspector, with its first true reason (None when there is none)."""
    loads = Loads(problem, dates, teams)
    entries = []
    for si in sorted(teams):
        slot = problem.slots[si]
        t = dates[slot.visit]
        for s in skipped(problem, si, teams[si]):
            reason = skip_reason(problem, si, s, teams[si], leaders[slot.visit], t, loads, cap)
            entries.append({"target": slot.target, "department": slot.department, "skipped": s, "reason": reason})
    return entries
