"""The database calendar: seeding, the office's years and overrides, the arithmetic through it."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from coordinator.domain.calendar import CalendarInputInvalid, official_years
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.calendar_day import CalendarDay
from coordinator.persistence.repos.audit import verify_chain
from coordinator.workflow import calendar as calendar_flow
from solver.calendar import UnknownCalendarYear

D = dt.date


@pytest.fixture
def seeded(session):
    calendar_flow.seed_official_calendar(session, years=[2024, 2025, 2026])
    return session


def _events(session, action):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_twenty_working_days_across_national_day_2024(seeded):
    cal = calendar_flow.load_calendar(seeded)
    assert cal.add_working_days(D(2024, 9, 27), 20) == D(2024, 10, 30)
    assert cal.years == frozenset({2024, 2025, 2026})


def test_national_day_and_mid_autumn_2025(seeded):
    cal = calendar_flow.load_calendar(seeded)
    assert [cal.is_workday(D(2025, 10, day)) for day in range(1, 9)] == [False] * 8
    assert D(2025, 9, 28).weekday() == 6 and cal.is_workday(D(2025, 9, 28))  # Sunday make-up day
    assert D(2025, 10, 11).weekday() == 5 and cal.is_workday(D(2025, 10, 11))  # Saturday make-up day
    assert cal.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert cal.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 11)


def test_period_end_across_a_holiday(seeded):
    cal = calendar_flow.load_calendar(seeded)
    assert cal.period_end(D(2025, 9, 24), 7) == D(2025, 10, 9)  # 1 October is a rest day
    assert cal.period_end(D(2025, 9, 21), 7) == D(2025, 9, 28)  # Sunday, but a make-up workday
    assert cal.period_end(D(2025, 3, 3), 10) == D(2025, 3, 13)


def test_a_year_not_in_the_table_is_refused_by_name(seeded):
    cal = calendar_flow.load_calendar(seeded)
    with pytest.raises(UnknownCalendarYear, match="2027") as raised:
        cal.add_working_days(D(2026, 12, 20), 20)
    assert raised.value.year == 2027
    assert "set-year 2027" in str(raised.value)
    with pytest.raises(UnknownCalendarYear, match="2023"):
        cal.period_end(D(2023, 12, 30), 1)


def test_an_empty_table_knows_no_year(session):
    with pytest.raises(UnknownCalendarYear, match="2024"):
        calendar_flow.load_calendar(session).is_workday(D(2024, 9, 27))


def test_an_office_override_changes_the_result(seeded):
    calendar_flow.override_day(
        seeded, D(2024, 10, 8), is_workday=False, actor="office1", note="区政府通知顺延"
    )
    cal = calendar_flow.load_calendar(seeded)
    assert cal.add_working_days(D(2024, 9, 27), 20) == D(2024, 10, 31)
    row = seeded.get(CalendarDay, D(2024, 10, 8))
    assert (row.is_workday, row.source, row.note) == (False, "override", "区政府通知顺延")
    [event] = _events(seeded, "calendar.override_day")
    assert event.actor == "office1"
    assert event.payload["before"] == {"is_workday": True, "source": "official", "note": ""}


def test_an_override_makes_a_saturday_a_working_day(seeded):
    calendar_flow.override_day(seeded, D(2025, 3, 8), is_workday=True, actor="o", note="加班")
    assert calendar_flow.load_calendar(seeded).add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 8)


def test_an_override_needs_a_known_year_and_a_reason(seeded):
    with pytest.raises(UnknownCalendarYear, match="2030"):
        calendar_flow.override_day(seeded, D(2030, 1, 2), is_workday=False, actor="o", note="x")
    with pytest.raises(CalendarInputInvalid, match="reason"):
        calendar_flow.override_day(seeded, D(2025, 1, 2), is_workday=False, actor="o", note=" ")


def test_set_year_2027_makes_2027_known(seeded):
    holidays = [D(2027, 1, 1)] + [D(2027, 2, d) for d in range(5, 12)]
    calendar_flow.set_year(seeded, 2027, holidays, [D(2027, 2, 14)], "office1", "国办发明电")
    cal = calendar_flow.load_calendar(seeded)
    assert cal.knows(2027)
    assert cal.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)  # 31 Dec, then 1 Jan off
    assert cal.is_workday(D(2027, 2, 14))  # a Sunday make-up workday
    assert cal.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 12)
    days = calendar_flow.year_days(seeded, 2027)
    assert len(days) == 365 and {d.source for d in days} == {"override"}
    [event] = _events(seeded, "calendar.set_year")
    assert (event.subject, event.actor) == ("calendar:2027", "office1")
    assert event.payload["workdays"] == ["2027-02-14"]
    assert verify_chain(seeded).ok


def test_set_year_replaces_an_official_year(seeded):
    calendar_flow.set_year(seeded, 2026, [D(2026, 1, 1), D(2026, 1, 2)], [], "office1")
    cal = calendar_flow.load_calendar(seeded)
    assert cal.is_workday(D(2026, 10, 1))  # the official National Day is gone
    assert not cal.is_workday(D(2026, 1, 2))
    [event] = _events(seeded, "calendar.set_year")
    assert event.payload["replaced"] == {"official": 365}


def test_an_invalid_year_writes_nothing(seeded):
    before = seeded.execute(select(func.count()).select_from(CalendarDay)).scalar_one()
    with pytest.raises(CalendarInputInvalid, match="listed both"):
        calendar_flow.set_year(seeded, 2027, [D(2027, 1, 1)], [D(2027, 1, 1)], "office1")
    assert seeded.execute(select(func.count()).select_from(CalendarDay)).scalar_one() == before
    assert _events(seeded, "calendar.set_year") == []


def test_seeding_is_idempotent_and_keeps_overrides(session):
    added = calendar_flow.seed_official_calendar(session)
    years = official_years()
    expected_days = (D(years[-1], 12, 31) - D(years[0], 1, 1)).days + 1
    assert added == expected_days
    calendar_flow.override_day(session, D(2024, 10, 8), is_workday=False, actor="o", note="n")
    assert calendar_flow.seed_official_calendar(session) == 0
    assert calendar_flow.ensure_calendar(session) == 0
    assert session.get(CalendarDay, D(2024, 10, 8)).source == "override"
    assert len(_events(session, "calendar.seed")) == 1
    assert calendar_flow.known_years(session) == years


def test_seeding_a_year_the_package_does_not_know_is_refused(session):
    with pytest.raises(UnknownCalendarYear, match="2099"):
        calendar_flow.seed_official_calendar(session, years=[2099])
