"""Rules 4–7 of spec/scenario.md: who is on each team.

Rule 4: each (visit, department) slot has `team_size` distinct inspectors of
that department listed in their slot ranking, or has no key in `teams` and
exactly one `unstaffed` entry. Rule 5: no member is ineligible (unavailable,
certificate expired, unqualified, in conflict, recused; amendments counted).
Rule 6: no forbidden pair in one team. Rule 7: nobody exceeds the per-day cap
or the per-round cap (the scenario's, and the plan's effective cap, which may
not exceed the scenario's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from solver.verify_model import RoundFacts, Slot, Violation, ineligibility
from solver.verify_shape import PlanView

# (target, department) -> {inspector id: position in the slot ranking, 0 = best}
Ranker = Callable[[str, str], dict[str, int]]


@dataclass
class Loads:
    """Visits per inspector in the plan: per (inspector, date) and per round."""

    per_day: Counter = field(default_factory=Counter)
    per_round: Counter = field(default_factory=Counter)
    round_limit: int | None = None  # the per-round cap in force: min(scenario, effective)


def count_loads(view: PlanView, facts: RoundFacts) -> Loads:
    """Count each inspector once per visit they serve on."""
    loads = Loads()
    for visit in view.visits:
        members = sorted({m for team in visit.teams.values() for m in team})
        for member in members:
            loads.per_round[member] += 1
            if visit.date is not None:
                loads.per_day[(member, visit.date)] += 1
    limits = [cap for cap in (facts.round_cap, view.effective_cap) if cap is not None]
    loads.round_limit = min(limits) if limits else None
    return loads


def check_slots(slots: list[Slot], view: PlanView, facts: RoundFacts, rank: Ranker) -> list[Violation]:
    """Rule 4 (see the module docstring)."""
    out: list[Violation] = []
    slot_keys = {(s.visit.target, s.department) for s in slots}
    unstaffed = Counter(view.unstaffed)
    taking_part: dict[int, set[str]] = {}
    for slot in slots:
        taking_part.setdefault(id(slot.visit), set()).add(slot.department)
    for visit in view.visits:
        for department in sorted(set(visit.teams) - taking_part.get(id(visit), set())):
            what = (
                "does not take part in this visit"
                if department in facts.departments
                else "is not a department of the round"
            )
            out.append(Violation(4, f"the visit has a team for {department}, which {what}", visit.target, department))
    for slot in slots:
        key = (slot.visit.target, slot.department)
        if slot.team is None:
            if unstaffed[key] != 1:
                out.append(
                    Violation(
                        4, f"the slot has no team and {unstaffed[key]} `unstaffed` entries (exactly one needed)", *key
                    )
                )
            continue
        if unstaffed[key]:
            out.append(Violation(4, "the slot has a team but is also listed in `unstaffed`", *key))
        out.extend(_check_team(slot, facts, rank))
    for key in sorted(unstaffed):
        if key not in slot_keys:
            out.append(Violation(4, "the `unstaffed` entry names no (visit, department) slot of the plan", *key))
    return out


def _check_team(slot: Slot, facts: RoundFacts, rank: Ranker) -> list[Violation]:
    target, department, team = slot.visit.target, slot.department, slot.team
    out = []
    if len(team) != facts.team_size:
        out.append(
            Violation(4, f"the team has {len(team)} inspector(s), team_size is {facts.team_size}", target, department)
        )
    for member, times in sorted(Counter(team).items()):
        if times > 1:
            out.append(Violation(4, f"the inspector is listed {times} times in the team", target, department, member))
    for member in dict.fromkeys(team):
        inspector = facts.inspectors.get(member)
        if inspector is None:
            out.append(Violation(4, "the team lists an inspector who is not in the round", target, department, member))
        elif inspector.department != department:
            out.append(
                Violation(
                    4,
                    f"the inspector belongs to {inspector.department}, not to {department}",
                    target,
                    department,
                    member,
                )
            )
    ranks = rank(target, department)
    ranked = list(dict.fromkeys(m for m in team if m in ranks))
    expected = sorted(ranked, key=ranks.__getitem__)
    if ranked != expected:
        out.append(
            Violation(
                4, f"the team is not listed in its slot ranking (expected {', '.join(expected)})", target, department
            )
        )
    return out


def check_eligibility(slots: list[Slot], facts: RoundFacts) -> list[Violation]:
    """Rule 5: every member of the slot's department is eligible for it."""
    out = []
    for slot in slots:
        for member in dict.fromkeys(slot.team or []):
            inspector = facts.inspectors.get(member)
            if inspector is None or inspector.department != slot.department:
                continue  # rule 4
            for _code, sentence in ineligibility(facts, inspector, slot):
                out.append(Violation(5, f"the inspector {sentence}", slot.visit.target, slot.department, member))
    return out


def check_pairs(slots: list[Slot], facts: RoundFacts) -> list[Violation]:
    """Rule 6: no forbidden pair serves in the same team."""
    out = []
    for slot in slots:
        for a, b in combinations(sorted(set(slot.team or [])), 2):
            if facts.is_pair(a, b):
                out.append(
                    Violation(
                        6,
                        f"the inspector serves in one team with {b}, a forbidden pair",
                        slot.visit.target,
                        slot.department,
                        a,
                    )
                )
    return out


def check_caps(view: PlanView, facts: RoundFacts, loads: Loads) -> list[Violation]:
    """Rule 7: per-day and per-round caps, and the effective cap within the scenario's."""
    out = []
    if view.effective_cap is not None and facts.round_cap is not None and view.effective_cap > facts.round_cap:
        out.append(
            Violation(
                7,
                f"stats.max_visits_per_inspector_effective is {view.effective_cap}, "
                f"above the scenario's max_visits_per_inspector {facts.round_cap}",
            )
        )
    department = {i: f.department for i, f in facts.inspectors.items()}
    if facts.per_day_cap is not None:
        for (member, day), count in sorted(loads.per_day.items()):
            if count > facts.per_day_cap:
                out.append(
                    Violation(
                        7,
                        f"the inspector has {count} visits on {day.isoformat()}, "
                        f"above max_visits_per_inspector_per_day {facts.per_day_cap}",
                        None,
                        department.get(member),
                        member,
                    )
                )
    for member, count in sorted(loads.per_round.items()):
        for name, cap in (
            ("the scenario's max_visits_per_inspector", facts.round_cap),
            ("stats.max_visits_per_inspector_effective", view.effective_cap),
        ):
            if cap is not None and count > cap:
                out.append(
                    Violation(
                        7,
                        f"the inspector has {count} visits in the round, above {name} {cap}",
                        None,
                        department.get(member),
                        member,
                    )
                )
    return out
