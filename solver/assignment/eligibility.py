"""Substitution reasons of spec/scenario.md and the tests that make each one true.

The reason names are the contract (`substitutions[].reason`). Static reasons
(conflict, recent inspection, qualification) depend only on the slot; the
date-bound ones (unavailable, certificate) on the visit's date; the rest
(pair conflict, capacity, leader seat) on the whole plan, and are judged in
`explain` against the plan's final loads and effective cap.
"""

from __future__ import annotations

UNAVAILABLE = "unavailable"
CONFLICT = "conflict"
RECENT_INSPECTION = "recent_inspection"
UNQUALIFIED = "unqualified"
CERTIFICATE_EXPIRED = "certificate_expired"
PAIR_CONFLICT = "pair_conflict"
CAPACITY = "capacity"
LEADER_REQUIRED = "leader_required"

REASONS = (
    UNAVAILABLE,
    CONFLICT,
    RECENT_INSPECTION,
    UNQUALIFIED,
    CERTIFICATE_EXPIRED,
    PAIR_CONFLICT,
    CAPACITY,
    LEADER_REQUIRED,
)


def capacity_full(load: int, day_load: int, cap: int, day_cap: int) -> bool:
    """An inspector is full when either the round cap or the day cap is reached."""
    return load >= cap or day_load >= day_cap


def pair_blocked(inspector: str, team: list[str], partners: dict[str, frozenset[str]]) -> bool:
    """True when `inspector` forms a forbidden pair with a member of `team`."""
    mine = partners.get(inspector, frozenset())
    return any(member in mine for member in team)


def leader_seat(
    skipped: str, team: list[str], leader: str | None, position: dict[str, int], can_lead: dict[str, bool]
) -> bool:
    """The `leader_required` reason of the spec, word for word.

    The skipped inspector cannot lead, the visit's leader sits in this team,
    every other member is ranked above the skipped one, and no member but the
    leader can lead: only the leader's seat displaced them.
    """
    if can_lead[skipped] or leader is None or leader not in team:
        return False
    others = [m for m in team if m != leader]
    return all(position[m] < position[skipped] for m in others) and not any(can_lead[m] for m in others)
