"""Audit log pages and API: who may read, filters, pages, the chain check."""

import datetime as dt

from bs4 import BeautifulSoup
from sqlalchemy import text, update

from coordinator import clock
from coordinator.domain.roles import Role
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.repos.audit import append_event
from tests.factories import DEFAULT_PASSWORD, make_user

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def login(client, session, role):
    user = make_user(session, role=role)
    token = soup(client.get("/login")).find("input", {"name": "csrf_token"})["value"]
    response = client.post(
        "/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return user


def write(session, n, *, actor="clerk", action="test.step", subject="round:1", at=T0):
    with clock.frozen(at):
        for i in range(n):
            append_event(session, actor=actor, action=action, subject=subject, payload={"i": i})
    session.flush()


def seqs(page):
    return [int(tr["data-seq"]) for tr in page.select("#audit-table tbody tr")]


def test_auditor_filters_by_actor_action_and_subject(client, session):
    login(client, session, Role.AUDITOR)
    write(session, 3, actor="clerk", subject="round:1")
    write(session, 2, actor="boss", action="test.other", subject="round:2")
    write(session, 1, actor="clerk", subject="target:9")
    page = soup(client.get("/audit", params={"actor": "clerk"}))
    assert len(seqs(page)) == 4 and seqs(page) == sorted(seqs(page), reverse=True)
    assert "共 4 条" in page.select_one("#audit-count").text
    assert len(seqs(soup(client.get("/audit", params={"action": "test.other"})))) == 2
    assert len(seqs(soup(client.get("/audit", params={"subject": "round:1"})))) == 3
    assert len(seqs(soup(client.get("/audit", params={"subject": "round:"})))) == 5
    options = [o["value"] for o in page.select("select[name=action] option")]
    assert "test.other" in options and "test.step" in options


def test_date_filter_uses_shanghai_days_and_reports_a_bad_date(client, session):
    login(client, session, Role.OFFICE_ADMIN)
    write(session, 2, actor="clerk", at=T0)
    write(session, 1, actor="clerk", at=T0 + dt.timedelta(days=1))
    day = soup(client.get("/audit", params={"actor": "clerk", "date_from": "2026-03-02", "date_to": "2026-03-02"}))
    assert len(seqs(day)) == 2
    later = soup(client.get("/audit", params={"actor": "clerk", "date_from": "2026-03-03"}))
    assert len(seqs(later)) == 1
    bad = soup(client.get("/audit", params={"actor": "clerk", "date_from": "3月2日"}))
    assert "不是有效日期" in bad.select_one("#filter-errors").text
    assert len(seqs(bad)) == 3


def test_pages_of_fifty_keep_the_filter(client, session):
    login(client, session, Role.AUDITOR)
    write(session, 60, actor="bulk")
    first = soup(client.get("/audit", params={"actor": "bulk"}))
    assert len(seqs(first)) == 50
    next_href = first.select_one("#page-next")["href"]
    assert "actor=bulk" in next_href and "page=2" in next_href
    second = soup(client.get(next_href))
    assert len(seqs(second)) == 10 and second.select_one("#page-next") is None
    assert set(seqs(first)).isdisjoint(seqs(second))


def test_operators_and_inspectors_may_not_read_the_log(client, session):
    for role in (Role.DEPARTMENT_OPERATOR, Role.INSPECTOR):
        login(client, session, role)
        assert client.get("/audit").status_code == 403
        assert client.get("/api/audit").status_code == 403
        assert client.get("/audit/verify").status_code == 403
        client.cookies.clear()
    assert client.get("/audit", follow_redirects=False).status_code == 303
    assert client.get("/api/audit").status_code == 401


def test_verify_page_reports_ok_then_the_tampered_seq(client, session):
    login(client, session, Role.AUDITOR)
    write(session, 3)
    ok = soup(client.get("/audit/verify"))
    assert ok.select_one("#chain-ok") is not None
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
    last = session.execute(
        text("SELECT max(seq) FROM audit_event WHERE action = 'test.step'")
    ).scalar_one()
    session.execute(update(AuditEvent.__table__).where(AuditEvent.__table__.c.seq == last).values(subject="x"))
    broken = soup(client.get("/audit/verify"))
    assert broken.select_one("#chain-broken strong").text == str(last)
    api = client.get("/api/audit/verify").json()
    assert (api["ok"], api["first_broken_seq"]) == (False, last)


def test_api_lists_events_with_utc_times(client, session):
    login(client, session, Role.OFFICE_ADMIN)
    write(session, 3, actor="api-clerk")
    body = client.get("/api/audit", params={"actor": "api-clerk", "per_page": 2}).json()
    assert body["total"] == 3 and len(body["events"]) == 2
    event = body["events"][0]
    assert event["payload"] == {"i": 2}
    assert dt.datetime.fromisoformat(event["occurred_at"]) == T0
    assert client.get("/api/audit", params={"date_from": "nope"}).status_code == 400
