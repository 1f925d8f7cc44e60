"""Working-day calendar use cases: seed, enter a year, override a day, load.

The database table is the calendar of record: `load_calendar` builds the one
`WorkdayCalendar` (solver arithmetic) from it, knowing exactly the years that
have rows, so a deadline in a year nobody entered raises `UnknownCalendarYear`
naming that year. Every change is audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.calendar import (
    SOURCE_OFFICIAL,
    SOURCE_OVERRIDE,
    CalendarInputInvalid,
    YearArrangement,
    calendar_from_rows,
    official_rows,
    official_years,
    validate_year,
    year_rows,
)
from coordinator.persistence.models.calendar_day import CalendarDay
from coordinator.persistence.repos import calendar as calendar_repo
from coordinator.persistence.repos.audit import append_event
from solver.calendar import UnknownCalendarYear, WorkdayCalendar

SYSTEM_ACTOR = "system"


def seed_official_calendar(
    session: Session, *, years: Iterable[int] | None = None, actor: str = SYSTEM_ACTOR
) -> int:
    """Insert the `chinese-calendar` package's years that the table lacks; returns days added.

    Idempotent: a year that already has rows (official or the office's own) is
    left as it is, so re-seeding never undoes an override.
    """
    available = official_years()
    wanted = available if years is None else sorted(set(years))
    unknown = [year for year in wanted if year not in available]
    if unknown:
        raise UnknownCalendarYear(unknown[0])
    present = set(calendar_repo.list_known_years(session))
    added_years = [year for year in wanted if year not in present]
    now = clock.utcnow()
    added = 0
    for year in added_years:
        added += calendar_repo.insert_days(
            session, official_rows(year), source=SOURCE_OFFICIAL, updated_at=now
        )
    if added:
        append_event(
            session,
            actor=actor,
            action="calendar.seed",
            subject="calendar",
            payload={"years": added_years, "days": added, "source": "chinese-calendar"},
        )
    session.commit()
    return added


def ensure_calendar(session: Session, *, actor: str = SYSTEM_ACTOR) -> int:
    """Seed the official years when the table is empty; returns days added."""
    if calendar_repo.count_days(session):
        return 0
    return seed_official_calendar(session, actor=actor)


def set_year(
    session: Session,
    year: int,
    holidays: Iterable[dt.date],
    workdays: Iterable[dt.date],
    actor: str,
    note: str = "",
) -> YearArrangement:
    """Store the office's arrangement for a whole year (replacing any rows of it)."""
    return apply_arrangement(session, validate_year(year, holidays, workdays, note), actor=actor)


def apply_arrangement(session: Session, arrangement: YearArrangement, *, actor: str) -> YearArrangement:
    """Write a validated arrangement as override rows for its year, audited, and commit."""
    year = arrangement.year
    replaced = calendar_repo.count_year_days_by_source(session, year=year)
    calendar_repo.delete_year(session, year=year)
    calendar_repo.insert_days(
        session, year_rows(arrangement), source=SOURCE_OVERRIDE, updated_at=clock.utcnow()
    )
    append_event(
        session,
        actor=actor,
        action="calendar.set_year",
        subject=f"calendar:{year}",
        payload={
            "year": year,
            "holidays": [d.isoformat() for d in arrangement.holidays],
            "workdays": [d.isoformat() for d in arrangement.workdays],
            "note": arrangement.note,
            "replaced": replaced,
        },
    )
    session.commit()
    return arrangement


def override_day(
    session: Session, day: dt.date, *, is_workday: bool, actor: str, note: str
) -> CalendarDay:
    """Make one day of a known year a working or a rest day (the office's correction)."""
    if not note.strip():
        raise CalendarInputInvalid(
            [f"a reason is required to override {day.isoformat()}"],
            [f"调整 {day.isoformat()} 须填写原因"],
        )
    row = calendar_repo.get_day(session, day=day)
    if row is None:
        raise UnknownCalendarYear(day.year)
    before = {"is_workday": row.is_workday, "source": row.source, "note": row.note}
    row.is_workday = is_workday
    row.source = SOURCE_OVERRIDE
    row.note = note.strip()
    row.updated_at = clock.utcnow()
    session.add(row)
    append_event(
        session,
        actor=actor,
        action="calendar.override_day",
        subject=f"calendar:{day.year}",
        payload={"date": day.isoformat(), "is_workday": is_workday, "note": row.note, "before": before},
    )
    session.commit()
    return row


def load_calendar(session: Session) -> WorkdayCalendar:
    """The working-day calendar of record, knowing exactly the years in the table."""
    return calendar_from_rows(calendar_repo.list_day_flags(session))


def known_years(session: Session) -> list[int]:
    """The years the table knows, in order."""
    return calendar_repo.list_known_years(session)


def year_days(session: Session, year: int) -> list[CalendarDay]:
    """Every stored day of `year`; `UnknownCalendarYear` when the table lacks it."""
    days = calendar_repo.list_year_days(session, year=year)
    if not days:
        raise UnknownCalendarYear(year)
    return days
