"""An inspector's unavailability periods and conflicts: entered on its page, scoped, audited."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.inspector import (
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from tests.web.registry_fixtures import build_world, uscc

MINE, THEIRS = "4401000001", "4401000002"


@pytest.fixture
def world(session):
    return build_world(session)


def test_period_add_show_remove(client, login_as, world, session):
    login_as(world.op_a)
    response = client.post(f"/registry/inspectors/{MINE}/unavailable",
                           data={"date_from": "2026-03-09", "date_to": "2026-03-13", "reason": "培训"}, follow_redirects=False)
    assert response.status_code == 303
    page = BeautifulSoup(client.get(f"/registry/inspectors/{MINE}").text, "html.parser")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("#section-unavailable tbody tr")]
    assert rows[0][:3] == ["2026-03-09", "2026-03-13", "培训"]
    remove = page.select_one("#section-unavailable form")["action"]
    assert client.post(remove, follow_redirects=False).status_code == 303
    assert session.scalars(select(InspectorUnavailability).where(InspectorUnavailability.inspector_id == MINE)).all() == []
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.subject == f"inspector:{MINE}")).all()
    assert "inspector.unavailable.add" in actions and "inspector.unavailable.remove" in actions


def test_period_errors_in_chinese(client, login_as, world, session):
    login_as(world.op_a)
    response = client.post(f"/registry/inspectors/{MINE}/unavailable", data={"date_from": "2026-03-13", "date_to": "2026-03-09"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in BeautifulSoup(response.text, "html.parser").select_one("#period-errors").get_text()
    assert session.scalars(select(InspectorUnavailability)).all() == []


def test_conflicts_with_target_and_inspector(client, login_as, world, session):
    login_as(world.op_a)
    assert client.post(f"/registry/inspectors/{MINE}/conflicts",
                       data={"kind": "target", "other": uscc(2), "reason": "亲属任职"}, follow_redirects=False).status_code == 303
    assert client.post(f"/registry/inspectors/{MINE}/conflicts",
                       data={"kind": "inspector", "other": THEIRS, "reason": "夫妻"}, follow_redirects=False).status_code == 303
    conflict = session.scalars(select(InspectorTargetConflict)).one()
    assert (conflict.inspector_id, conflict.target_id, conflict.declarant_kind) == (MINE, uscc(2), "department")
    pair = session.scalars(select(InspectorPairConflict)).one()
    assert (pair.inspector_a_id, pair.inspector_b_id) == (MINE, THEIRS)
    again = client.post(f"/registry/inspectors/{MINE}/conflicts", data={"kind": "target", "other": uscc(2), "reason": "x"})
    assert again.status_code == 400 and "该回避关系已登记" in again.text
    unknown = client.post(f"/registry/inspectors/{MINE}/conflicts", data={"kind": "target", "other": "GT-404", "reason": "x"})
    assert "检查对象“GT-404”不存在" in unknown.text


def test_other_department_cannot_touch_periods_or_conflicts(client, login_as, world, session):
    login_as(world.op_b)
    assert client.post(f"/registry/inspectors/{MINE}/unavailable",
                       data={"date_from": "2026-03-09", "date_to": "2026-03-13"}).status_code == 404
    assert client.post(f"/registry/inspectors/{MINE}/conflicts",
                       data={"kind": "target", "other": uscc(1), "reason": "x"}).status_code == 404
    login_as(world.auditor)
    assert client.post(f"/registry/inspectors/{MINE}/unavailable",
                       data={"date_from": "2026-03-09", "date_to": "2026-03-13"}).status_code == 403
    assert session.scalars(select(InspectorUnavailability)).all() == []


def test_api_periods_and_conflicts(client, login_as, world, session):
    login_as(world.op_a)
    bad = client.post(f"/api/registry/inspectors/{MINE}/unavailable", json={"date_from": "2026-13-01", "date_to": "2026-03-02"})
    assert bad.status_code == 422 and "不是有效日期" in bad.json()["errors"][0]["message_zh"]
    made = client.post(f"/api/registry/inspectors/{MINE}/unavailable", json={"date_from": "2026-03-01", "date_to": "2026-03-02", "reason": "病假"})
    assert made.status_code == 201
    assert client.delete(f"/api/registry/inspectors/{MINE}/unavailable/{made.json()['id']}").status_code == 204
    conflict = client.post(f"/api/registry/inspectors/{MINE}/conflicts", json={"kind": "inspector", "other": THEIRS, "reason": "亲属"})
    assert conflict.status_code == 201
    login_as(world.op_b)
    assert client.delete(f"/api/registry/inspectors/{MINE}/conflicts/inspector/{conflict.json()['id']}").status_code == 404
    assert session.scalars(select(InspectorPairConflict)).one().reason == "亲属"
