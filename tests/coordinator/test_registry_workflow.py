"""Registry use cases: validation, department scoping in the coordinator layer, audit events."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from coordinator.domain.errors import Forbidden, NotFound
from coordinator.domain.registry_columns import COLUMNS
from coordinator.domain.registry import RegistryInvalid
from coordinator.domain.roles import Principal, Role
from coordinator.domain.uscc import check_character
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.inspector import Inspector
from coordinator.persistence.models.target import Target
from coordinator.persistence.repos.registry_query import ListQuery
from coordinator.persistence.repos import registry_query
from coordinator.persistence.repos.audit import verify_chain
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_import as importer
from tests.factories import make_department


def uscc(n: int) -> str:
    first = f"91440114MA{n:07d}"
    return first + check_character(first)


@pytest.fixture
def world(session):
    a, b = make_department(session), make_department(session)
    office = Principal("office", Role.OFFICE_ADMIN)
    op_a = Principal("op_a", Role.DEPARTMENT_OPERATOR, a.code)
    op_b = Principal("op_b", Role.DEPARTMENT_OPERATOR, b.code)
    auditor = Principal("aud", Role.AUDITOR)
    for principal, code in ((op_a, f"{a.code}-01"), (op_b, f"{b.code}-01")):
        flow.create_record(session, principal=principal, kind="items", raw={"code": code, "name": "餐饮检查", "ratio_b": "5%"})
    return {"a": a, "b": b, "office": office, "op_a": op_a, "op_b": op_b, "auditor": auditor}


def events(session, subject):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.seq)))


def test_create_target_on_own_list_writes_audit_event(session, world):
    a = world["a"]
    flow.create_record(session, principal=world["op_a"], kind="targets",
                       raw={"uscc": uscc(1), "name": "甲店", "status": "存续", "item_codes": f"{a.code}-01"})
    target = session.get(Target, uscc(1))
    assert target.name == "甲店" and target.risk_grade is None
    (event,) = events(session, f"target:{uscc(1)}")
    assert event.action == "target.create" and event.actor == "op_a"
    assert event.payload["changes"]["name"] == [None, "甲店"]


def test_operator_sees_only_targets_on_its_lists(session, world):
    a, b = world["a"], world["b"]
    flow.create_record(session, principal=world["op_a"], kind="targets", raw={"uscc": uscc(2), "name": "甲", "item_codes": f"{a.code}-01"})
    flow.create_record(session, principal=world["op_b"], kind="targets", raw={"uscc": uscc(3), "name": "乙", "item_codes": f"{b.code}-01"})
    page = flow.list_records(session, principal=world["op_a"], query=ListQuery(kind="targets"))
    assert [t.id for t in page.rows] == [uscc(2)]
    with pytest.raises(NotFound):
        flow.get_record(session, principal=world["op_a"], kind="targets", key=uscc(3))
    office_page = flow.list_records(session, principal=world["auditor"], query=ListQuery(kind="targets"))
    assert {t.id for t in office_page.rows} >= {uscc(2), uscc(3)}


def test_operator_cannot_use_another_departments_item_or_write_there(session, world):
    b = world["b"]
    with pytest.raises(RegistryInvalid) as info:
        flow.create_record(session, principal=world["op_a"], kind="targets", raw={"uscc": uscc(4), "name": "甲", "item_codes": f"{b.code}-01"})
    assert info.value.errors[0].message_zh == f"抽查事项编码“{b.code}-01”不存在或不属于本部门"
    with pytest.raises(Forbidden):
        flow.create_record(session, principal=world["op_a"], kind="inspectors", department_code=b.code,
                           raw={"certificate_no": "44010001", "name": "张三", "certificate_expires": "2027-01-01"})
    assert session.get(Target, uscc(4)) is None and session.get(Inspector, "44010001") is None


def test_auditor_reads_but_cannot_write(session, world):
    with pytest.raises(Forbidden):
        flow.create_record(session, principal=world["auditor"], kind="items", department_code=world["a"].code,
                           raw={"code": "X-9", "name": "x"})
    item = flow.get_record(session, principal=world["auditor"], kind="items", key=f"{world['a'].code}-01")
    with pytest.raises(Forbidden):
        flow.update_record(session, principal=world["auditor"], kind="items", key=item.code, raw={"name": "改"})


def test_inspector_of_other_department_is_hidden_and_unchangeable(session, world):
    flow.create_record(session, principal=world["op_b"], kind="inspectors",
                       raw={"certificate_no": "44020001", "name": "李四", "certificate_expires": "2027-01-01"})
    with pytest.raises(NotFound):
        flow.get_record(session, principal=world["op_a"], kind="inspectors", key="44020001")
    with pytest.raises(NotFound):
        flow.update_record(session, principal=world["op_a"], kind="inspectors", key="44020001",
                           raw={"name": "改", "certificate_expires": "2027-01-01"})
    assert session.get(Inspector, "44020001").name == "李四"


def test_update_records_changes_and_no_event_when_nothing_changed(session, world):
    raw = {"certificate_no": "44010002", "name": "王五", "certificate_expires": "2027-01-01", "tags": "食品"}
    flow.create_record(session, principal=world["op_a"], kind="inspectors", raw=raw)
    flow.update_record(session, principal=world["op_a"], kind="inspectors", key="44010002", raw={**raw, "can_lead": "是"})
    flow.update_record(session, principal=world["op_a"], kind="inspectors", key="44010002", raw={**raw, "can_lead": "是"})
    history = events(session, "inspector:44010002")
    assert [e.action for e in history] == ["inspector.create", "inspector.update"]
    assert history[1].payload["changes"] == {"can_lead": [False, True]}


def test_invalid_form_writes_nothing(session, world):
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(RegistryInvalid) as info:
        flow.create_record(session, principal=world["op_a"], kind="items", raw={"code": "bad code", "name": "", "ratio_a": "2"})
    assert {e.field for e in info.value.errors} == {"code", "name", "ratio_a"}
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_review_state_moves_only_along_transitions(session, world):
    code = f"{world['a'].code}-01"
    with pytest.raises(RegistryInvalid) as info:
        flow.update_record(session, principal=world["op_a"], kind="items", key=code, raw={"name": "餐饮检查", "review_state": "已发布"})
    assert "不能从“草稿”改为“已发布”" in info.value.errors[0].message_zh
    flow.update_record(session, principal=world["op_a"], kind="items", key=code, raw={"name": "餐饮检查", "review_state": "已法制审核", "ratio_b": "5%"})
    history = flow.record_history(session, principal=world["office"], kind="items", key=code)
    assert history[0].payload["changes"] == {"review_state": ["draft", "reviewed"]}


def test_bulk_import_keeps_the_audit_chain_valid(session, world):
    headers = [c.header for c in COLUMNS["targets"]]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for n in range(100, 130):
        row = dict.fromkeys(headers, "")
        row.update({"统一社会信用代码": uscc(n), "名称": f"店{n}", "抽查事项编码": f"{world['a'].code}-01"})
        ws.append([row[h] for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    result = importer.apply_import(session, principal=world["op_a"], kind="targets", department_code=None,
                                   filename="t.xlsx", data=buf.getvalue())
    assert result.added == 30
    assert [e.action for e in events(session, f"target:{uscc(129)}")] == ["target.create"]
    report = verify_chain(session)
    assert report.ok, report


def test_counts_stop_at_the_cap_and_pages_still_go_on(session, world, monkeypatch):
    for n in range(200, 205):
        flow.create_record(session, principal=world["op_a"], kind="targets",
                           raw={"uscc": uscc(n), "name": f"店{n}", "item_codes": f"{world['a'].code}-01"})
    monkeypatch.setattr(registry_query, "COUNT_CAP", 3)
    page = flow.list_records(session, principal=world["op_a"], query=ListQuery(kind="targets", per_page=2))
    assert page.total_exact is False and page.total == 3 and page.pages == 2
    last = flow.list_records(session, principal=world["op_a"], query=ListQuery(kind="targets", per_page=2, page=3))
    assert [t.id for t in last.rows] == [uscc(204)]
    monkeypatch.setattr(registry_query, "COUNT_CAP", 100)
    exact = flow.list_records(session, principal=world["op_a"], query=ListQuery(kind="targets", per_page=2))
    assert exact.total_exact and exact.total == 5 and exact.pages == 3
