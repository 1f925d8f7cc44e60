"""「我的申报」: an inspector declares and withdraws its own absences and conflicts, and nothing else."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coordinator.domain.roles import Principal, Role
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.workflow import registry_inspector as inspector_flow
from tests.factories import make_user
from tests.web.registry_fixtures import build_world, uscc

MINE, THEIRS = "4401000001", "4401000002"


@pytest.fixture
def world(session):
    w = build_world(session)
    w.me = make_user(session, role=Role.INSPECTOR, department_code=w.a.code)
    w.other = make_user(session, role=Role.INSPECTOR, department_code=w.b.code)
    session.get(Inspector, MINE).user_id = w.me.id
    session.get(Inspector, THEIRS).user_id = w.other.id
    session.flush()
    return w


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.subject == f"inspector:{MINE}")))


def _page(client):
    response = client.get("/my/declarations")
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_inspector_adds_and_withdraws_own_period_on_page(client, login_as, world, session):
    login_as(world.me)
    home = BeautifulSoup(client.get("/").text, "html.parser")
    assert home.select_one("#my-declarations-link")["href"] == "/my/declarations"
    assert "我的申报" in [a.get_text() for a in home.select("nav a")]
    response = client.post("/my/declarations/unavailable",
                           data={"date_from": "2026-03-09", "date_to": "2026-03-13", "reason": "年休假"}, follow_redirects=False)
    assert response.status_code == 303
    page = _page(client)
    assert "2026-03-09 至 2026-03-13" in page.select_one("#my-periods").get_text()
    period = session.scalars(select(InspectorUnavailability)).one()
    assert (period.inspector_id, period.reason) == (MINE, "年休假")
    [added] = _events(session, "inspector.unavailable.add")
    assert added.actor == world.me.username
    withdraw = page.select_one("#my-periods form")["action"]
    assert client.post(withdraw, follow_redirects=False).status_code == 303
    assert session.scalars(select(InspectorUnavailability)).all() == []
    assert [e.actor for e in _events(session, "inspector.unavailable.remove")] == [world.me.username]
    assert _page(client).select_one("#my-periods-empty") is not None


def test_period_errors_are_shown_under_the_field(client, login_as, world, session):
    login_as(world.me)
    response = client.post("/my/declarations/unavailable", data={"date_from": "2026-03-13", "date_to": "2026-03-09"})
    assert response.status_code == 400
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select_one('.field-error[data-field="date_to"]').get_text() == "结束日期不能早于开始日期"
    assert page.select_one("#p-from")["value"] == "2026-03-13"
    missing = BeautifulSoup(client.post("/my/declarations/unavailable", data={"date_to": "2026-03-09"}).text, "html.parser")
    assert "开始日期" in missing.select_one('.field-error[data-field="date_from"]').get_text()
    assert session.scalars(select(InspectorUnavailability)).all() == []
    assert _events(session, "inspector.unavailable.add") == []


def test_inspector_declares_and_withdraws_conflicts_on_page(client, login_as, world, session):
    login_as(world.me)
    assert client.post("/my/declarations/conflicts", data={"kind": "target", "other": uscc(2), "reason": "配偶任职"},
                       follow_redirects=False).status_code == 303
    assert client.post("/my/declarations/conflicts", data={"kind": "inspector", "other": THEIRS, "reason": "亲属"},
                       follow_redirects=False).status_code == 303
    conflict = session.scalars(select(InspectorTargetConflict)).one()
    assert (conflict.inspector_id, conflict.target_id, conflict.declarant_kind, conflict.declared_by) == (
        MINE, uscc(2), "inspector", world.me.username)
    pair = session.scalars(select(InspectorPairConflict)).one()
    assert (pair.inspector_a_id, pair.inspector_b_id, pair.declarant_kind) == (MINE, THEIRS, "inspector")
    assert len(_events(session, "inspector.conflict.add")) == 2
    again = client.post("/my/declarations/conflicts", data={"kind": "target", "other": uscc(2), "reason": "x"})
    assert again.status_code == 400
    assert BeautifulSoup(again.text, "html.parser").select_one('.field-error[data-field="other"]').get_text() == "该回避关系已登记"
    empty = BeautifulSoup(client.post("/my/declarations/conflicts", data={"kind": "target", "other": "", "reason": ""}).text, "html.parser")
    assert empty.select_one('.field-error[data-field="reason"]').get_text() == "回避原因不能为空"
    forms = [f["action"] for f in _page(client).select("#my-conflicts form")]
    assert len(forms) == 2
    for action in forms:
        assert client.post(action, follow_redirects=False).status_code == 303
    assert session.scalars(select(InspectorTargetConflict)).all() == []
    assert session.scalars(select(InspectorPairConflict)).all() == []
    assert len(_events(session, "inspector.conflict.remove")) == 2


def test_conflict_entered_by_the_department_cannot_be_withdrawn(client, login_as, world, session):
    operator = Principal(world.op_a.username, Role.DEPARTMENT_OPERATOR, world.a.code)
    conflict = inspector_flow.declare_conflict(session, principal=operator, key=MINE,
                                               raw={"kind": "target", "other": uscc(1), "reason": "曾任职"})
    login_as(world.me)
    page = _page(client)
    assert "部门" in page.select_one("#my-conflicts").get_text() and page.select("#my-conflicts form") == []
    refused = client.post(f"/my/declarations/conflicts/target/{conflict.id}/delete")
    assert refused.status_code == 403
    api = client.delete(f"/api/me/conflicts/target/{conflict.id}")
    assert api.status_code == 403
    assert session.scalars(select(InspectorTargetConflict)).one().id == conflict.id
    assert client.get("/api/me/declarations").json()["conflicts"][0]["withdrawable"] is False


def test_api_add_list_withdraw(client, login_as, world, session):
    login_as(world.me)
    bad = client.post("/api/me/unavailable", json={"date_from": "2026-13-01", "date_to": "2026-03-02"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "date_from" and "不是有效日期" in bad.json()["errors"][0]["message_zh"]
    made = client.post("/api/me/unavailable", json={"date_from": "2026-03-01", "date_to": "2026-03-02", "reason": "病假"})
    assert made.status_code == 201
    conflict = client.post("/api/me/conflicts", json={"kind": "inspector", "other": THEIRS, "reason": "亲属"})
    assert conflict.status_code == 201
    mine = client.get("/api/me/declarations").json()
    assert mine["certificate_no"] == MINE
    assert mine["unavailable"] == [{"id": made.json()["id"], "date_from": "2026-03-01", "date_to": "2026-03-02", "reason": "病假"}]
    [c] = mine["conflicts"]
    assert (c["kind"], c["other"], c["declarant_kind"], c["withdrawable"]) == ("inspector", THEIRS, "inspector", True)
    assert client.delete(f"/api/me/unavailable/{made.json()['id']}").status_code == 204
    assert client.delete(f"/api/me/conflicts/inspector/{conflict.json()['id']}").status_code == 204
    assert client.get("/api/me/declarations").json()["unavailable"] == []
    assert session.scalars(select(InspectorPairConflict)).all() == []
    actions = sorted(e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.actor == world.me.username)))
    assert actions == ["inspector.conflict.add", "inspector.conflict.remove", "inspector.unavailable.add", "inspector.unavailable.remove"]


def test_another_inspectors_record_is_out_of_reach(client, login_as, world, session):
    operator_b = Principal(world.op_b.username, Role.DEPARTMENT_OPERATOR, world.b.code)
    theirs = inspector_flow.add_unavailability(session, principal=operator_b, key=THEIRS,
                                               raw={"date_from": "2026-05-01", "date_to": "2026-05-05"})
    login_as(world.me)
    assert client.post(f"/api/registry/inspectors/{THEIRS}/unavailable",
                       json={"date_from": "2026-03-01", "date_to": "2026-03-02"}).status_code == 404
    assert client.post(f"/registry/inspectors/{THEIRS}/conflicts",
                       data={"kind": "target", "other": uscc(1), "reason": "x"}).status_code == 404
    assert client.delete(f"/api/registry/inspectors/{THEIRS}/unavailable/{theirs.id}").status_code == 404
    # Its own withdraw route does not reach a period of another inspector either.
    assert client.delete(f"/api/me/unavailable/{theirs.id}").status_code == 404
    assert client.post(f"/my/declarations/unavailable/{theirs.id}/delete").status_code == 404
    assert session.scalars(select(InspectorUnavailability)).one().id == theirs.id
    # Its own record through the registry routes works only for the declarations.
    assert client.post(f"/api/registry/inspectors/{MINE}/unavailable",
                       json={"date_from": "2026-03-01", "date_to": "2026-03-02"}).status_code == 201


def test_inspector_cannot_change_its_tags_or_certificate(client, login_as, world, session):
    login_as(world.me)
    put = client.put(f"/api/registry/inspectors/{MINE}",
                     json={"name": "人员1", "tags": ["食品"], "certificate_expires": "2099-12-31"})
    assert put.status_code in (403, 404)
    form = client.post(f"/registry/inspectors/{MINE}/edit",
                       data={"name": "人员1", "tags": "食品", "certificate_expires": "2099-12-31"})
    assert form.status_code in (403, 404)
    assert client.get(f"/registry/inspectors/{MINE}/edit").status_code in (403, 404)
    record = session.get(Inspector, MINE)
    session.refresh(record)
    assert (record.tags, record.certificate_expires.isoformat()) == ([], "2027-12-31")
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "inspector.update")).all() == []


def test_csrf_is_required(client, login_as, world, session):
    login_as(world.me)
    client.headers.pop("X-CSRF-Token")
    assert client.post("/my/declarations/unavailable", data={"date_from": "2026-03-09", "date_to": "2026-03-13"}).status_code == 403
    assert client.post("/api/me/unavailable", json={"date_from": "2026-03-09", "date_to": "2026-03-13"}).status_code == 403
    assert client.post("/my/declarations/conflicts",
                       data={"kind": "target", "other": uscc(1), "reason": "x", "csrf_token": "forged"}).status_code == 403
    assert session.scalars(select(InspectorUnavailability)).all() == []
    assert session.scalars(select(InspectorTargetConflict)).all() == []


def test_only_linked_inspectors_have_the_page(client, login_as, world, session):
    unlinked = make_user(session, role=Role.INSPECTOR, department_code=world.a.code)
    login_as(unlinked)
    response = client.get("/my/declarations")
    assert response.status_code == 404 and "尚未关联执法检查人员" in response.text
    assert client.post("/api/me/unavailable", json={"date_from": "2026-03-09", "date_to": "2026-03-13"}).status_code == 404
    login_as(world.op_a)
    assert client.get("/api/me/declarations").status_code == 403
    assert session.scalars(select(InspectorUnavailability)).all() == []
