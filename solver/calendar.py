"""The official working-day calendar and the day arithmetic of spec/scenario.md.

A `WorkdayCalendar` knows a set of years. For a known year a day is a working
day when it is Monday–Friday and not a holiday, or when it is a listed make-up
workday (调休). Any question about a day of an unknown year raises
`UnknownCalendarYear` naming the year: the calendar never guesses.

The built-in official arrangement (2004–2026) is a checked-in snapshot of the
`chinese-calendar` 1.11.0 data (`scripts/make_official_calendar.py`). The
coordinator builds the same object from its database table, so the arithmetic
exists once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ONE_DAY = dt.timedelta(days=1)


class UnknownCalendarYear(ValueError):
    """A computation touched a year whose working-day arrangement is not known."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"the working-day calendar for {year} is not known; "
            f"enter the State Council's arrangement for {year} first "
            f"(web: 日历 page, or `coordinator calendar set-year {year} FILE`)"
        )


@dataclass(frozen=True)
class WorkdayCalendar:
    """Working days for the `years` it knows; holidays and make-up workdays as listed."""

    years: frozenset[int]
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def knows(self, year: int) -> bool:
        return year in self.years

    def require_year(self, year: int) -> None:
        if year not in self.years:
            raise UnknownCalendarYear(year)

    def is_workday(self, day: dt.date) -> bool:
        self.require_year(day.year)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The count-th working day after `day` (`day` itself not counted); `day` for 0."""
        return self._step_working_days(day, count, ONE_DAY)

    def sub_working_days(self, day: dt.date, count: int) -> dt.date:
        """The count-th working day before `day`; `day` for 0."""
        return self._step_working_days(day, count, -ONE_DAY)

    def period_end(self, day: dt.date, days: int) -> dt.date:
        """`day` + `days` calendar days, moved forward to the next working day if a rest day."""
        end = day + dt.timedelta(days=days)
        while not self.is_workday(end):
            end += ONE_DAY
        return end

    def working_days_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every working day from `start` to `end`, both included, in order."""
        days = []
        day = start
        while day <= end:
            if self.is_workday(day):
                days.append(day)
            day += ONE_DAY
        return days

    def with_overrides(
        self,
        *,
        extra_holidays: Iterable[dt.date] = (),
        extra_workdays: Iterable[dt.date] = (),
        extra_years: Iterable[int] = (),
    ) -> WorkdayCalendar:
        """This calendar with days made rest or working days and new years made known.

        A new year's holidays and make-up workdays are given in full by the two
        lists (other days: Monday–Friday work). Validation (a date in both
        lists, a new year that is already known) belongs to the caller, who
        knows how to name the problem.
        """
        rest = frozenset(extra_holidays)
        work = frozenset(extra_workdays)
        return WorkdayCalendar(
            years=self.years | frozenset(extra_years),
            holidays=(self.holidays - work) | rest,
            workdays=(self.workdays - rest) | work,
        )

    def _step_working_days(self, day: dt.date, count: int, step: dt.timedelta) -> dt.date:
        if count < 0:
            raise ValueError(f"a number of working days cannot be negative: {count}")
        while count > 0:
            day += step
            if self.is_workday(day):
                count -= 1
        return day


@cache
def official_calendar() -> WorkdayCalendar:
    """The built-in official arrangement, 2004–2026."""
    # Next to this module rather than importlib.resources: an editable install made by an
    # old setuptools registers `solver` as a namespace package, where resources.files fails.
    text = (Path(__file__).parent / "data" / "official_calendar.json").read_text("utf-8")
    data = json.loads(text)
    return WorkdayCalendar(
        years=frozenset(data["years"]),
        holidays=frozenset(dt.date.fromisoformat(d) for d in data["holidays"]),
        workdays=frozenset(dt.date.fromisoformat(d) for d in data["workdays"]),
    )
