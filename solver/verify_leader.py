"""Rule 8 of spec/scenario.md: every visit has a leader (组长) as defined.

The leader is a `can_lead` member of one of the visit's teams, and of the
lead department's team whenever that team has a `can_lead` member. `leader`
is null only for a visit none of whose teams can have a `can_lead` member: no
team is staffed, or no `can_lead` inspector of a department with a staffed
team in the visit is eligible for that slot on that date and below both caps
in the plan (the per-day cap and the per-round cap in force).
"""

from __future__ import annotations

from solver.verify_model import PlanVisit, RoundFacts, Slot, Violation, ineligibility
from solver.verify_teams import Loads


def check_leaders(slots: list[Slot], visits: list[PlanVisit], facts: RoundFacts, loads: Loads) -> list[Violation]:
    """Rule 8 (see the module docstring)."""
    by_visit: dict[int, list[Slot]] = {}
    for slot in slots:
        by_visit.setdefault(id(slot.visit), []).append(slot)
    out: list[Violation] = []
    for visit in visits:
        if not visit.leader_readable:
            continue  # reported while reading the plan
        staffed = [s for s in by_visit.get(id(visit), []) if s.team is not None]
        if visit.leader is None:
            out.extend(_check_null_leader(visit, staffed, facts, loads))
        else:
            out.extend(_check_named_leader(visit, facts))
    return out


def _can_lead(facts: RoundFacts, inspector_id: str) -> bool:
    inspector = facts.inspectors.get(inspector_id)
    return inspector is not None and inspector.can_lead


def _check_named_leader(visit: PlanVisit, facts: RoundFacts) -> list[Violation]:
    leader = visit.leader
    home = [d for d, team in sorted(visit.teams.items()) if leader in team]
    if not home:
        return [Violation(8, "the leader is not a member of any of the visit's teams", visit.target, None, leader)]
    if not _can_lead(facts, leader):
        return [Violation(8, "the leader does not have can_lead", visit.target, home[0], leader)]
    lead_team = visit.teams.get(facts.lead_department, [])
    if facts.lead_department not in home and any(_can_lead(facts, m) for m in lead_team):
        return [
            Violation(
                8,
                f"the leader must come from the lead department's team ({facts.lead_department}), "
                "which has a can_lead member",
                visit.target,
                home[0],
                leader,
            )
        ]
    return []


def _check_null_leader(visit: PlanVisit, staffed: list[Slot], facts: RoundFacts, loads: Loads) -> list[Violation]:
    for slot in staffed:
        for member in slot.team:
            if _can_lead(facts, member):
                return [
                    Violation(
                        8, "the leader is null but this team member can lead", visit.target, slot.department, member
                    )
                ]
    for slot in staffed:
        candidate = _possible_leader(slot, facts, loads)
        if candidate is not None:
            return [
                Violation(
                    8,
                    "the leader is null although this can_lead inspector was eligible for the slot and below both caps",
                    visit.target,
                    slot.department,
                    candidate,
                )
            ]
    return []


def _possible_leader(slot: Slot, facts: RoundFacts, loads: Loads) -> str | None:
    """A can_lead inspector of the slot's department, eligible and below both caps, if any."""
    day = slot.visit.date
    if day is None:
        return None  # an unreadable date (rule 3) leaves eligibility unknown
    for inspector_id in facts.department_inspectors.get(slot.department, []):
        inspector = facts.inspectors[inspector_id]
        if not inspector.can_lead or ineligibility(facts, inspector, slot):
            continue
        if facts.per_day_cap is not None and loads.per_day[(inspector_id, day)] >= facts.per_day_cap:
            continue
        if loads.round_limit is not None and loads.per_round[inspector_id] >= loads.round_limit:
            continue
        return inspector_id
    return None
