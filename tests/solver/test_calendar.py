"""The solver's working-day calendar: official arrangement, arithmetic, unknown years."""

import datetime as dt

import chinese_calendar
import pytest

from solver.calendar import UnknownCalendarYear, official_calendar

D = dt.date


def test_snapshot_matches_chinese_calendar_package_day_by_day():
    cal = official_calendar()
    day = D(2004, 1, 1)
    mismatches = []
    while day <= D(2026, 12, 31):
        if cal.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += dt.timedelta(days=1)
    assert mismatches == []


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (D(2024, 9, 27), 20, D(2024, 10, 30)),  # across National Day 2024 and its 调休
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Sunday 28 September 2025 is a make-up workday
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # 1–8 October 2025 are rest days
        (D(2025, 10, 10), 1, D(2025, 10, 11)),  # Saturday 11 October 2025 is a make-up workday
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
    ],
)
def test_add_working_days(start, count, expected):
    assert official_calendar().add_working_days(start, count) == expected


def test_sub_working_days_is_the_inverse_across_a_holiday():
    cal = official_calendar()
    assert cal.sub_working_days(D(2025, 10, 9), 1) == D(2025, 9, 30)
    assert cal.sub_working_days(D(2024, 10, 30), 20) == D(2024, 9, 27)


def test_golden_week_2025():
    cal = official_calendar()
    assert [cal.is_workday(D(2025, 10, d)) for d in range(1, 9)] == [False] * 8
    assert cal.is_workday(D(2025, 9, 28)) and cal.is_workday(D(2025, 10, 11))


def test_period_end_moves_off_a_holiday():
    cal = official_calendar()
    assert cal.period_end(D(2025, 9, 24), 7) == D(2025, 10, 9)  # 1 October → 9 October
    assert cal.period_end(D(2025, 3, 3), 10) == D(2025, 3, 13)  # a Thursday stays


def test_unknown_year_is_refused_with_its_name():
    with pytest.raises(UnknownCalendarYear, match="2027") as raised:
        official_calendar().add_working_days(D(2026, 12, 20), 20)
    assert raised.value.year == 2027
    with pytest.raises(UnknownCalendarYear, match="2003"):
        official_calendar().is_workday(D(2003, 12, 31))


def test_overrides_and_new_year():
    cal = official_calendar().with_overrides(
        extra_holidays=[D(2026, 3, 2)], extra_workdays=[D(2027, 1, 9)], extra_years=[2027]
    )
    assert not cal.is_workday(D(2026, 3, 2))
    assert cal.is_workday(D(2027, 1, 9))  # a Saturday made a workday
    assert cal.is_workday(D(2027, 1, 11))  # plain Monday of a newly known year
    assert cal.add_working_days(D(2026, 2, 28), 1) == D(2026, 3, 3)  # 28 Feb is a make-up Saturday
