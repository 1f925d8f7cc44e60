"""The deadlines of a plan (spec/scenario.md, "Deadlines"), from the working-day calendar.

    feedback_due[target] = period_end(visit date, 10)
    summary_due          = period_end(last visit date, 7)
    publication_due      = add_working_days(last visit date, 20)
    notices_by           = sub_working_days(first visit date, notice_working_days)

A deadline that runs into a year the calendar does not know is `None`, with a
line in the warnings naming that year: a round planned in December is not
blocked by next year's arrangement, which is published late. A visit without
a date (not planned) has a `feedback_due` entry of `None` and no warning: the
missing date is reported as unstaffed/undated elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from solver.calendar import UnknownCalendarYear, WorkdayCalendar

FEEDBACK_DAYS = 10
SUMMARY_DAYS = 7
PUBLICATION_WORKING_DAYS = 20


def _unknown(name: str, year: int) -> str:
    return f"{name}: the working-day calendar for {year} is not known yet"


def _try(compute: Callable[[], dt.date]) -> tuple[str | None, int | None]:
    """(ISO date, None) or (None, the unknown year)."""
    try:
        return compute().isoformat(), None
    except UnknownCalendarYear as exc:
        return None, exc.year


def plan_deadlines(
    calendar: WorkdayCalendar, visit_dates: dict[str, dt.date | None], notice_working_days: int
) -> tuple[dict, list[str]]:
    """(deadlines, warnings) for visits dated as given; keys in the plan's order."""
    warnings: list[str] = []
    feedback: dict[str, str | None] = {}
    unknown_feedback: dict[int, list[str]] = {}
    for target in sorted(visit_dates):
        day = visit_dates[target]
        if day is None:
            feedback[target] = None
            continue
        value, year = _try(lambda day=day: calendar.period_end(day, FEEDBACK_DAYS))
        feedback[target] = value
        if year is not None:
            unknown_feedback.setdefault(year, []).append(target)
    dated = sorted(d for d in visit_dates.values() if d is not None)
    if not dated:
        return {"notices_by": None, "feedback_due": feedback, "publication_due": None, "summary_due": None}, []
    first, last = dated[0], dated[-1]
    singles = {
        "notices_by": lambda: calendar.sub_working_days(first, notice_working_days),
        "publication_due": lambda: calendar.add_working_days(last, PUBLICATION_WORKING_DAYS),
        "summary_due": lambda: calendar.period_end(last, SUMMARY_DAYS),
    }
    deadlines: dict = {}
    for name in ("notices_by", "feedback_due", "publication_due", "summary_due"):
        if name == "feedback_due":
            deadlines[name] = feedback
            for year, targets in sorted(unknown_feedback.items()):
                shown = ", ".join(targets[:5]) + (", ..." if len(targets) > 5 else "")
                warnings.append(_unknown(f"feedback_due ({len(targets)} visit(s): {shown})", year))
            continue
        value, year = _try(singles[name])
        deadlines[name] = value
        if year is not None:
            warnings.append(_unknown(name, year))
    return deadlines, warnings
