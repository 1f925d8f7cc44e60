"""Calendar pages and API: the office enters a year and corrects a day; others only look."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coordinator.domain.roles import Role
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.workflow import calendar as calendar_flow
from tests.factories import DEFAULT_PASSWORD, make_user

D = dt.date


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def login(client, session, role=Role.OFFICE_ADMIN):
    user = make_user(session, role=role)
    page = client.get("/login")
    token = soup(page).find("input", {"name": "csrf_token"})["value"]
    response = client.post(
        "/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return user


def csrf(client, path="/calendar"):
    return soup(client.get(path)).find("input", {"name": "csrf_token"})["value"]


@pytest.fixture
def office(client, session):
    calendar_flow.seed_official_calendar(session, years=[2024, 2025, 2026])
    return login(client, session)


def test_office_enters_2027_through_the_form(client, session, office):
    index = soup(client.get("/calendar"))
    assert index.find("form", {"action": "/calendar/years"}) is not None
    assert index.find("input", {"name": "year"})["value"] == "2027"  # the next year to enter
    response = client.post(
        "/calendar/years",
        data={
            "year": "2027",
            "holidays": "2027-01-01\n2027-02-05..2027-02-11，2027-10-01~2027-10-07",
            "workdays": "2027-02-14",
            "note": "国办发明电〔2026〕7号",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/calendar/2027?saved=1"
    page = soup(client.get("/calendar/2027?saved=1"))
    assert page.find(id="saved") is not None
    rest = [tr.find("td").text for tr in page.select("#rest-days tbody tr")]
    assert rest[0] == "2027-01-01" and "2027-02-08" in rest and "2027-10-07" in rest
    assert [tr.find("td").text for tr in page.select("#makeup-days tbody tr")] == ["2027-02-14"]
    assert page.find("td", {"data-date": "2027-02-14"})["class"] == ["kind-makeup"]
    assert calendar_flow.load_calendar(session).add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 12)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "calendar.set_year")).one()
    assert (event.actor, event.subject) == (office.username, "calendar:2027")


def test_a_bad_arrangement_is_refused_in_chinese_and_nothing_is_written(client, session, office):
    response = client.post(
        "/calendar/years",
        data={"year": "2027", "holidays": "2027-01-01\n2027-13-40", "workdays": "2027-01-01",
              "note": "", "csrf_token": csrf(client)},
    )
    assert response.status_code == 400
    page = soup(response)
    errors = [li.text for li in page.select("#set-year-errors li")]
    assert any("2027-13-40" in e and "不是日期" in e for e in errors)
    assert page.find("textarea", {"name": "holidays"}).text == "2027-01-01\n2027-13-40"
    assert not calendar_flow.load_calendar(session).knows(2027)


def test_a_form_post_without_csrf_token_is_refused(client, session, office):
    response = client.post("/calendar/years", data={"year": "2027", "holidays": "2027-01-01"})
    assert response.status_code == 403
    assert not calendar_flow.load_calendar(session).knows(2027)


def test_office_overrides_one_day(client, session, office):
    response = client.post(
        "/calendar/days",
        data={"date": "2024-10-08", "kind": "rest", "note": "区政府通知", "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert calendar_flow.load_calendar(session).add_working_days(D(2024, 9, 27), 20) == D(2024, 10, 31)
    api = client.get("/api/calendar/compute/add-working-days", params={"start": "2024-09-27", "count": 20})
    assert api.json()["result"] == "2024-10-31"


def test_override_of_an_unknown_year_is_refused(client, session, office):
    response = client.post(
        "/calendar/days",
        data={"date": "2031-05-06", "kind": "rest", "note": "x", "csrf_token": csrf(client)},
    )
    assert response.status_code == 400
    assert "2031" in soup(response).select_one("#override-day-errors").text


def test_year_page_marks_national_day_and_make_up_days(client, session, office):
    page = soup(client.get("/calendar/2025"))
    assert page.find("td", {"data-date": "2025-10-01"})["class"] == ["kind-holiday"]
    assert page.find("td", {"data-date": "2025-10-04"})["class"] == ["kind-weekend"]
    assert page.find("td", {"data-date": "2025-09-28"})["class"] == ["kind-makeup"]
    assert page.find("td", {"data-date": "2025-10-09"})["class"] == ["kind-work"]
    assert "248" in page.select_one("#year-summary").text


def test_unknown_year_page_names_the_year(client, session, office):
    response = client.get("/calendar/2031")
    assert response.status_code == 404
    page = soup(response)
    assert "2031" in page.select_one("#unknown-year").text
    assert page.find("a", {"href": "/calendar?year=2031#set-year"}) is not None


def test_api_computes_through_the_database_calendar(client, session, office):
    ok = client.get("/api/calendar/compute/add-working-days", params={"start": "2024-09-27", "count": 20})
    assert ok.status_code == 200 and ok.json()["result"] == "2024-10-30"
    end = client.get("/api/calendar/compute/period-end", params={"start": "2025-09-24", "count": 7})
    assert end.json()["result"] == "2025-10-09"
    unknown = client.get("/api/calendar/compute/add-working-days", params={"start": "2026-12-20", "count": 20})
    assert unknown.status_code == 404
    assert unknown.json()["year"] == 2027 and "2027" in unknown.json()["detail"]
    year = client.get("/api/calendar/2025").json()
    assert year["working_days"] == 248
    assert "2025-09-28" in year["makeup_workdays"] and "2025-10-08" in year["rest_days_on_weekdays"]


def test_a_department_operator_may_look_but_not_change(client, session):
    calendar_flow.seed_official_calendar(session, years=[2025])
    login(client, session, role=Role.DEPARTMENT_OPERATOR)
    index = soup(client.get("/calendar"))
    assert index.find("form", {"action": "/calendar/years"}) is None
    assert client.get("/calendar/2025").status_code == 200
    token = csrf(client)
    for path, data in (
        ("/calendar/years", {"year": "2027", "holidays": "2027-01-01"}),
        ("/calendar/days", {"date": "2025-03-03", "kind": "rest", "note": "x"}),
    ):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 403
    assert calendar_flow.load_calendar(session).is_workday(D(2025, 3, 3))


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/calendar", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
