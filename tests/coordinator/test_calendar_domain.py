"""Year arrangements: parsing JSON and text files, validation, rows, official data."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordinator.domain.calendar import (
    CalendarInputInvalid,
    calendar_from_rows,
    official_rows,
    official_years,
    parse_day_list,
    parse_year_file,
    validate_year,
    year_rows,
)
from solver.calendar import UnknownCalendarYear, official_calendar

D = dt.date

JSON_2027 = json.dumps(
    {
        "year": 2027,
        "holidays": ["2027-01-01", "2027-02-05..2027-02-11", "2027-10-01~2027-10-07"],
        "workdays": ["2027-02-14", "2027-10-09"],
        "note": "测试安排",
    }
)

CSV_2027 = """date,kind,note
# 元旦
2027-01-01,holiday,元旦
2027-02-05..2027-02-11,休,春节
2027-02-14,班,春节调休
"""


def test_json_file_with_ranges():
    arrangement = parse_year_file(JSON_2027)
    assert arrangement.year == 2027
    assert len(arrangement.holidays) == 1 + 7 + 7
    assert D(2027, 2, 8) in arrangement.holidays
    assert arrangement.workdays == (D(2027, 2, 14), D(2027, 10, 9))
    assert arrangement.note == "测试安排"


def test_csv_file_needs_and_uses_the_given_year():
    arrangement = parse_year_file(CSV_2027, year=2027)
    assert arrangement.holidays[0] == D(2027, 1, 1)
    assert arrangement.holidays[-1] == D(2027, 2, 11)
    assert arrangement.workdays == (D(2027, 2, 14),)
    with pytest.raises(CalendarInputInvalid, match="needs the year"):
        parse_year_file(CSV_2027)


def test_json_year_must_match_the_requested_year():
    with pytest.raises(CalendarInputInvalid, match="for 2027, not 2028"):
        parse_year_file(JSON_2027, year=2028)


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ([D(2026, 12, 31)], [], "2026-12-31 is not in 2027"),
        ([D(2027, 1, 1)], [D(2028, 1, 2)], "2028-01-02 is not in 2027"),
        ([D(2027, 2, 6)], [D(2027, 2, 6)], "2027-02-06 is listed both"),
        ([], [D(2027, 2, 6)], "no holidays given"),
    ],
)
def test_validation_refuses(holidays, workdays, message):
    with pytest.raises(CalendarInputInvalid, match=message) as raised:
        validate_year(2027, holidays, workdays)
    assert raised.value.message_zh.startswith("日历安排有误")


def test_a_weekend_holiday_is_accepted_and_changes_nothing():
    # 2027-02-06 is a Saturday: already a rest day.
    arrangement = validate_year(2027, [D(2027, 2, 6), D(2027, 2, 8)], [])
    rows = {row.date: row.is_workday for row in year_rows(arrangement)}
    assert rows[D(2027, 2, 6)] is False
    assert rows[D(2027, 2, 8)] is False
    assert rows[D(2027, 2, 9)] is True


def test_every_problem_is_listed_at_once():
    text = "2027-13-01,holiday\n2027-01-02,vacation\n2027-03-05..2027-03-01,holiday\n"
    with pytest.raises(CalendarInputInvalid) as raised:
        parse_year_file(text, year=2027)
    assert len(raised.value.problems) == 3
    assert "line 1" in raised.value.problems[0]
    assert "vacation" in raised.value.problems[1]
    assert "ends before it starts" in raised.value.problems[2]


def test_bad_json_is_refused_with_a_message():
    with pytest.raises(CalendarInputInvalid, match="not valid JSON"):
        parse_year_file('{"year": 2027,')
    with pytest.raises(CalendarInputInvalid, match="'year' must be an integer"):
        parse_year_file('{"year": "2027", "holidays": ["2027-01-01"]}')


def test_day_list_accepts_commas_new_lines_and_chinese_separators():
    days = parse_day_list("2027-01-01，2027-02-05..2027-02-06\n2027-10-01、2027-10-02")
    assert days == [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 6), D(2027, 10, 1), D(2027, 10, 2)]


def test_year_rows_cover_the_whole_year():
    rows = year_rows(validate_year(2028, [D(2028, 1, 3)], [D(2028, 1, 8)], "n"))
    assert len(rows) == 366  # 2028 is a leap year
    assert rows[0].date == D(2028, 1, 1) and rows[-1].date == D(2028, 12, 31)
    changed = [row for row in rows if row.note]
    assert [row.date for row in changed] == [D(2028, 1, 3), D(2028, 1, 8)]


def test_official_rows_match_the_solver_snapshot():
    assert official_years()[0] == 2004
    assert 2026 in official_years()
    rows = [(row.date, row.is_workday) for year in (2024, 2025) for row in official_rows(year)]
    cal = calendar_from_rows(rows)
    snapshot = official_calendar()
    assert cal.years == frozenset({2024, 2025})
    assert [d for d, work in rows if work != snapshot.is_workday(d)] == []
    assert next(r for r in official_rows(2025) if r.date == D(2025, 10, 1)).note == "国庆节"


def test_calendar_from_rows_knows_only_the_rows_years():
    cal = calendar_from_rows((row.date, row.is_workday) for row in official_rows(2025))
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    with pytest.raises(UnknownCalendarYear, match="2024"):
        cal.is_workday(D(2024, 12, 31))


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(2027, 2040),
    offsets=st.lists(st.tuples(st.integers(0, 364), st.booleans()), max_size=30),
)
def test_rows_round_trip_through_the_solver_calendar(year, offsets):
    """Whatever the office enters, the stored rows answer exactly like the arrangement."""
    chosen = {D(year, 1, 1) + dt.timedelta(days=o): rest for o, rest in offsets}
    holidays = [d for d, rest in chosen.items() if rest] or [D(year, 1, 1)]
    workdays = [d for d, rest in chosen.items() if not rest and d not in holidays]
    arrangement = validate_year(year, holidays, workdays)
    rows = year_rows(arrangement)
    cal = calendar_from_rows((row.date, row.is_workday) for row in rows)
    stored = {row.date: row.is_workday for row in rows}
    for day, is_workday in stored.items():
        if day in holidays:
            assert not is_workday
        elif day in workdays:
            assert is_workday
        else:
            assert is_workday == (day.weekday() < 5)
    assert all(cal.is_workday(day) == is_workday for day, is_workday in stored.items())
    text = json.dumps({"year": year, "holidays": [d.isoformat() for d in holidays],
                       "workdays": [d.isoformat() for d in workdays]})
    assert parse_year_file(text, year=year) == arrangement
