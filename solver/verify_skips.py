"""Rule 9 of spec/scenario.md: every skip in the drawn order has a true reason (递补).

A skipped inspector of a staffed slot is an inspector of the department
ranked above the lowest-ranked member of the team (by the slot's r values)
who is not in the team. Each needs a `substitutions` entry for that
(target, department, inspector) of which at least one reason is true:

- `unavailable`, `conflict`, `recent_inspection`, `unqualified`,
  `certificate_expired`: as in "eligible" (amendments counted);
- `pair_conflict`: a forbidden pair with a member of the assigned team;
- `capacity`: already `max_visits_per_inspector_per_day` visits on that date,
  or `stats.max_visits_per_inspector_effective` visits in the plan;
- `leader_required`: the inspector cannot lead, the visit's leader is a member
  of this team, every other member is ranked above the skipped inspector, and
  no member other than the leader can lead.

Entries that name no skip are not judged (the spec asks only that every skip
be justified), except that they must be well formed (see `verify_shape`).
"""

from __future__ import annotations

from solver.verify_model import InspectorFacts, RoundFacts, Slot, Violation, ineligibility
from solver.verify_shape import PlanView
from solver.verify_teams import Loads, Ranker


def check_skips(slots: list[Slot], view: PlanView, facts: RoundFacts, loads: Loads, rank: Ranker) -> list[Violation]:
    """Rule 9 (see the module docstring)."""
    recorded: dict[tuple[str, str, str], list[str]] = {}
    for target, department, skipped, reason in view.substitutions:
        recorded.setdefault((target, department, skipped), []).append(reason)
    out: list[Violation] = []
    for slot in slots:
        if not slot.team:
            continue
        ranks = rank(slot.visit.target, slot.department)
        for skipped in _skipped(slot, ranks):
            key = (slot.visit.target, slot.department, skipped)
            reasons = recorded.get(key)
            if not reasons:
                out.append(
                    Violation(9, "the inspector is ranked above a team member but has no substitutions entry", *key)
                )
                continue
            inspector = facts.inspectors[skipped]
            if not any(_holds(reason, inspector, slot, ranks, facts, view, loads) for reason in reasons):
                out.append(Violation(9, f"no recorded reason is true ({', '.join(reasons)})", *key))
    return out


def _skipped(slot: Slot, ranks: dict[str, int]) -> list[str]:
    """Inspectors ranked above the team's lowest-ranked member and not in the team, best first."""
    positions = [ranks[m] for m in slot.team if m in ranks]
    if not positions:
        return []
    lowest = max(positions)
    team = set(slot.team)
    above = sorted((i for i, pos in ranks.items() if pos < lowest), key=ranks.__getitem__)
    return [i for i in above if i not in team]


def _holds(
    reason: str,
    inspector: InspectorFacts,
    slot: Slot,
    ranks: dict[str, int],
    facts: RoundFacts,
    view: PlanView,
    loads: Loads,
) -> bool:
    if reason == "pair_conflict":
        return any(facts.is_pair(inspector.id, member) for member in slot.team)
    if reason == "capacity":
        return _at_capacity(inspector.id, slot, facts, view, loads)
    if reason == "leader_required":
        return _leader_required(inspector, slot, ranks, facts)
    return reason in {code for code, _sentence in ineligibility(facts, inspector, slot)}


def _at_capacity(inspector_id: str, slot: Slot, facts: RoundFacts, view: PlanView, loads: Loads) -> bool:
    day = slot.visit.date
    if day is not None and facts.per_day_cap is not None and loads.per_day[(inspector_id, day)] >= facts.per_day_cap:
        return True
    # Judged against the effective cap; the scenario's when the plan states none readable (rule 7).
    cap = view.effective_cap if view.effective_cap is not None else facts.round_cap
    return cap is not None and loads.per_round[inspector_id] >= cap


def _leader_required(inspector: InspectorFacts, slot: Slot, ranks: dict[str, int], facts: RoundFacts) -> bool:
    leader = slot.visit.leader
    if inspector.can_lead or leader is None or leader not in slot.team:
        return False
    others = [m for m in slot.team if m != leader]
    if any(ranks.get(m, len(ranks)) >= ranks[inspector.id] for m in others):
        return False
    return not any(facts.inspectors[m].can_lead for m in others if m in facts.inspectors)
