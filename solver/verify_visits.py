"""Rules 2 and 3 of spec/scenario.md: the visits match the draw, on allowed dates.

Rule 2: every selected target has exactly one visit carrying exactly the
items that selected it (sorted ascending), every visit has a selected target,
and `visits` sort by (date, target). Rule 3: every visit date is a working
day inside the window, on or after the earliest visit date
(`add_working_days(planning_date, notice_working_days)`).

The (visit, department) slots the later rules judge are built here from the
items the *draw* gives the target, so that a wrong item list is reported once
(rule 2) and does not also shift the slots of rules 4–9.
"""

from __future__ import annotations

from collections import Counter

from solver.calendar import UnknownCalendarYear
from solver.verify_model import PlanVisit, RoundFacts, Slot, Violation


def check_visits(visits: list[PlanVisit], expected_items: dict[str, list[str]]) -> list[Violation]:
    """Rule 2 (see the module docstring)."""
    out: list[Violation] = []
    counts = Counter(visit.target for visit in visits)
    for target in sorted(counts):
        if counts[target] > 1:
            out.append(Violation(2, f"the target has {counts[target]} visits, exactly one is allowed", target))
    for visit in visits:
        out.extend(_check_items(visit, expected_items))
    for target in sorted(set(expected_items) - set(counts)):
        out.append(Violation(2, "the target was drawn but has no visit", target))
    out.extend(_check_order(visits))
    return out


def _check_items(visit: PlanVisit, expected_items: dict[str, list[str]]) -> list[Violation]:
    if visit.target not in expected_items:
        return [Violation(2, "the visit's target was not selected by any population of the draw", visit.target)]
    if visit.items is None:
        return []
    expected = expected_items[visit.target]
    if visit.items == expected:
        return []
    given = set(visit.items)
    missing = sorted(set(expected) - given)
    extra = sorted(given - set(expected))
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"lacks {', '.join(missing)}")
        if extra:
            parts.append(f"carries {', '.join(extra)} which did not select it")
        sentence = " and ".join(parts)
        return [Violation(2, f"the visit {sentence} (the draw gives {', '.join(expected)})", visit.target)]
    if len(visit.items) != len(given):
        return [Violation(2, "the visit lists an item more than once", visit.target)]
    return [
        Violation(2, f"the visit's items are not in ascending order (expected {', '.join(expected)})", visit.target)
    ]


def _check_order(visits: list[PlanVisit]) -> list[Violation]:
    out = []
    for before, after in zip(visits, visits[1:], strict=False):
        if before.date is None or after.date is None:
            continue
        if (before.date, before.target) > (after.date, after.target):
            out.append(
                Violation(
                    2,
                    f"the visit comes after the visit of {before.target} on {before.date.isoformat()}: "
                    "visits must sort by (date, target)",
                    after.target,
                )
            )
    return out


def check_dates(visits: list[PlanVisit], facts: RoundFacts) -> list[Violation]:
    """Rule 3 (see the module docstring)."""
    out = []
    for visit in visits:
        day = visit.date
        if day is None:
            continue  # reported while reading the plan
        iso = day.isoformat()
        if not facts.window_start <= day <= facts.window_end:
            window = f"{facts.window_start.isoformat()}..{facts.window_end.isoformat()}"
            out.append(Violation(3, f"the visit date {iso} is outside the window {window}", visit.target))
            continue
        try:
            workday = facts.calendar.is_workday(day)
        except UnknownCalendarYear as exc:
            out.append(
                Violation(3, f"the visit date {iso} is in {exc.year}, a year the calendar does not know", visit.target)
            )
            continue
        if not workday:
            out.append(Violation(3, f"the visit date {iso} is not a working day", visit.target))
        if day < facts.earliest:
            out.append(
                Violation(
                    3,
                    f"the visit date {iso} is before the earliest date the notice allows "
                    f"({facts.earliest.isoformat()})",
                    visit.target,
                )
            )
    return out


def build_slots(visits: list[PlanVisit], facts: RoundFacts, expected_items: dict[str, list[str]]) -> list[Slot]:
    """The (visit, department) slots: one per department of the target's drawn items."""
    slots = []
    for visit in visits:
        items = expected_items.get(visit.target)
        if items is None:
            # Not a drawn target (rule 2): judge its teams against the items it claims.
            items = sorted({item for item in visit.items or [] if item in facts.item_department})
        by_department: dict[str, list[str]] = {}
        for item in items:
            by_department.setdefault(facts.item_department[item], []).append(item)
        for department in sorted(by_department):
            team = visit.teams.get(department)
            slots.append(Slot(visit, department, by_department[department], team))
    return slots
