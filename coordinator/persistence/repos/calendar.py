"""Working-day calendar queries: read the days, write whole years or single days.

Only queries here: the rules (what a valid year is, how rows become a
`WorkdayCalendar`) are in `coordinator.domain.calendar`; the transaction
belongs to `coordinator.workflow.calendar`. Everything flushes, nothing commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, extract, func, insert, select
from sqlalchemy.orm import Session

from coordinator.domain.calendar import DayRow
from coordinator.persistence.models.calendar_day import CalendarDay

DAY = CalendarDay.__table__


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def count_days(session: Session) -> int:
    """How many days the table holds."""
    return session.execute(select(func.count()).select_from(DAY)).scalar_one()


def list_day_flags(session: Session) -> list[tuple[dt.date, bool]]:
    """(date, is_workday) of every stored day, in date order."""
    rows = session.execute(select(DAY.c.date, DAY.c.is_workday).order_by(DAY.c.date))
    return [(row.date, row.is_workday) for row in rows]


def list_known_years(session: Session) -> list[int]:
    """The years with rows, in order."""
    year = extract("year", DAY.c.date)
    return sorted(int(y) for y in session.scalars(select(year).distinct()))


def list_year_days(session: Session, *, year: int) -> list[CalendarDay]:
    """Every stored day of `year`, in order (empty when the year is unknown)."""
    first, after = _year_bounds(year)
    statement = (
        select(CalendarDay)
        .where(DAY.c.date >= first, DAY.c.date < after)
        .order_by(DAY.c.date)
    )
    return list(session.scalars(statement))


def count_year_days_by_source(session: Session, *, year: int) -> dict[str, int]:
    """{source: number of days} for `year`."""
    first, after = _year_bounds(year)
    statement = (
        select(DAY.c.source, func.count())
        .where(DAY.c.date >= first, DAY.c.date < after)
        .group_by(DAY.c.source)
        .order_by(DAY.c.source)
    )
    return {source: count for source, count in session.execute(statement)}


def list_stored_dates(session: Session, *, first: dt.date, last: dt.date) -> set[dt.date]:
    """The dates between `first` and `last` (both included) that have rows."""
    statement = select(DAY.c.date).where(DAY.c.date >= first, DAY.c.date <= last)
    return set(session.scalars(statement))


def get_day(session: Session, *, day: dt.date) -> CalendarDay | None:
    """The row of `day`, if stored."""
    return session.get(CalendarDay, day)


def insert_days(
    session: Session, rows: Iterable[DayRow], *, source: str, updated_at: dt.datetime
) -> int:
    """Insert rows in bulk; returns how many."""
    values = [
        {
            "date": row.date,
            "is_workday": row.is_workday,
            "source": source,
            "note": row.note,
            "updated_at": updated_at,
        }
        for row in rows
    ]
    if values:
        session.execute(insert(DAY), values)
    session.flush()
    return len(values)


def delete_year(session: Session, *, year: int) -> int:
    """Delete every row of `year`; returns how many."""
    first, after = _year_bounds(year)
    result = session.execute(delete(DAY).where(DAY.c.date >= first, DAY.c.date < after))
    session.expire_all()
    return result.rowcount
