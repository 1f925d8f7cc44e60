"""The vocabulary of the plan checker: violations and the facts the rules read.

`Violation` is what `verify_plan` returns. `RoundFacts` holds what the rules of
spec/scenario.md need from the scenario, with amendments already merged into
unavailability and conflicts ("they count in every eligibility rule and
substitution reason exactly like `unavailable` ranges and `inspector_target`
conflicts"). `PlanVisit` is one visit of the plan as far as it could be read;
what could not be read was reported as a violation by `verify_shape`.

The eligibility predicates here are the single place the checker decides
"unavailable", "certificate expired", "unqualified", "conflict" and
"recent inspection", so that rule 5, rule 8 and rule 9 agree with each other.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from solver.calendar import WorkdayCalendar

# Rule 0 is not a rule of the spec: it marks a plan that is not a `jic-plan/1`
# object at all (or names another round), so that nothing else can be judged.
STRUCTURE = 0

SUBSTITUTION_REASONS = (
    "unavailable",
    "conflict",
    "recent_inspection",
    "unqualified",
    "certificate_expired",
    "pair_conflict",
    "capacity",
    "leader_required",
)


def show(value: Any, limit: int = 80) -> str:
    """A plan value as JSON for a message (`null`, `"2026-09-14"`), cut at `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Violation:
    """One broken rule: its number, a sentence, and the visit/department/inspector involved."""

    rule: int
    message: str
    target: str | None = None
    department: str | None = None
    inspector: str | None = None

    def line(self) -> str:
        """`rule N: target/department/inspector: sentence` ("-" for a part not involved)."""
        where = "/".join(part if part is not None else "-" for part in (self.target, self.department, self.inspector))
        return f"rule {self.rule}: {where}: {self.message}"


@dataclass(frozen=True)
class InspectorFacts:
    """An inspector of the round, amendments included."""

    id: str
    department: str
    tags: frozenset[str]
    certificate_expires: dt.date | None
    can_lead: bool
    unavailable: tuple[tuple[dt.date, dt.date], ...]


@dataclass
class RoundFacts:
    """What the rules need from a validated scenario."""

    round_id: str
    lead_department: str
    window_start: dt.date
    window_end: dt.date
    earliest: dt.date
    notice_working_days: int
    team_size: int
    per_day_cap: int | None
    round_cap: int | None
    calendar: WorkdayCalendar
    item_department: dict[str, str]
    item_tags: dict[str, frozenset[str]]
    inspectors: dict[str, InspectorFacts]
    department_inspectors: dict[str, list[str]]
    departments: frozenset[str]
    conflicts: frozenset[tuple[str, str]]
    pairs: frozenset[tuple[str, str]]
    recused: dict[str, frozenset[str]] = field(default_factory=dict)

    def is_pair(self, a: str, b: str) -> bool:
        """A forbidden pair, in either order."""
        return (a, b) in self.pairs or (b, a) in self.pairs


@dataclass
class PlanVisit:
    """One readable visit of the plan (target known; other fields None when unreadable)."""

    index: int
    target: str
    date: dt.date | None
    items: list[str] | None
    teams: dict[str, list[str]]
    leader: str | None
    leader_readable: bool = True


@dataclass
class Slot:
    """A (visit, department) slot and the items of that department in the visit."""

    visit: PlanVisit
    department: str
    items: list[str]
    team: list[str] | None  # None: no key in `teams` (unstaffed)


def is_unavailable(inspector: InspectorFacts, day: dt.date) -> bool:
    """Inside an unavailable range (both ends included), amendments counted."""
    return any(start <= day <= end for start, end in inspector.unavailable)


def certificate_expired(inspector: InspectorFacts, day: dt.date) -> bool:
    """May inspect on `day` only if the certificate is absent/null or day ≤ its expiry."""
    return inspector.certificate_expires is not None and day > inspector.certificate_expires


def missing_tags(facts: RoundFacts, inspector: InspectorFacts, items: list[str]) -> list[str]:
    """The required tags of `items` the inspector does not hold, sorted."""
    needed: set[str] = set()
    for item in items:
        needed |= facts.item_tags.get(item, frozenset())
    return sorted(needed - inspector.tags)


def in_conflict(facts: RoundFacts, inspector_id: str, target: str) -> bool:
    """An `inspector_target` conflict or a conflict amendment."""
    return (inspector_id, target) in facts.conflicts


def recused(facts: RoundFacts, inspector_id: str, target: str) -> bool:
    """Inspected the target within `recusal_days` before the window (no upper bound)."""
    return inspector_id in facts.recused.get(target, frozenset())


def ineligibility(facts: RoundFacts, inspector: InspectorFacts, slot: Slot) -> list[tuple[str, str]]:
    """Every reason the inspector is not eligible for the slot, as (reason code, sentence)."""
    reasons = []
    day = slot.visit.date
    target = slot.visit.target
    if day is not None:
        if is_unavailable(inspector, day):
            reasons.append(("unavailable", f"is unavailable on {day.isoformat()}"))
        if certificate_expired(inspector, day):
            reasons.append(
                (
                    "certificate_expired",
                    f"has a certificate that expired on {inspector.certificate_expires.isoformat()}",
                )
            )
    lacking = missing_tags(facts, inspector, slot.items)
    if lacking:
        reasons.append(("unqualified", f"lacks the required tag(s) {', '.join(lacking)}"))
    if in_conflict(facts, inspector.id, target):
        reasons.append(("conflict", "is in conflict with the target"))
    if recused(facts, inspector.id, target):
        reasons.append(("recent_inspection", "inspected the target within recusal_days"))
    return reasons
