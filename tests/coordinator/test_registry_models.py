"""Registry tables on the real database (SQLite or PostgreSQL): constraints, round trips, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coordinator import clock
from coordinator.domain.uscc import check_character
from coordinator.persistence.models.history import InspectionRecord, InspectionRecordInspector
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target, TargetItem
from coordinator.persistence.repos import registry as repo
from tests.factories import make_department, make_user

NOW = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)


def uscc(n: int) -> str:
    head = f"91440105MA{n:07d}"
    return head + check_character(head)


def item(session, department, code, **overrides) -> Item:
    values = dict(department_code=department.code, code=code, name=f"事项{code}",
                  created_at=NOW, updated_at=NOW)
    values.update(overrides)
    return repo.add(session, Item(**values))


def target(session, n, **overrides) -> Target:
    values = dict(id=uscc(n), name=f"测试企业{n:04d}", street="南华西街道", created_at=NOW, updated_at=NOW)
    values.update(overrides)
    return repo.add(session, Target(**values))


def inspector(session, department, cert, **overrides) -> Inspector:
    values = dict(certificate_no=cert, name=f"检查员{cert[-3:]}", department_code=department.code,
                  certificate_expires=dt.date(2027, 12, 31), created_at=NOW, updated_at=NOW)
    values.update(overrides)
    return repo.add(session, Inspector(**values))


def refused(session, row) -> None:
    """The database refuses `row` (constraint), and the session stays usable."""
    with pytest.raises(IntegrityError):
        with session.begin_nested():
            session.add(row)
            session.flush()


def link(session, target_row, item_row) -> TargetItem:
    return repo.add(session, TargetItem(target_id=target_row.id, item_id=item_row.id,
                                        department_code=item_row.department_code, added_at=NOW))


def test_item_round_trip_keeps_ratio_strings_and_lists(session):
    dept = make_department(session)
    row = item(session, dept, "SCJG-01", ratio_a="0.03", ratio_b="0.050", ratio_none="0.1",
               check_methods=["onsite", "document"], required_tags=["食品"], level="key",
               notice_mode="unannounced", review_state="published")
    session.expire_all()
    stored = repo.get_item_by_code(session, code="SCJG-01")
    assert stored.id == row.id
    # Strings, exactly as written: no float, no normalisation by the database.
    assert stored.ratios() == {"A": "0.03", "B": "0.050", "-": "0.1"}
    assert stored.ratio_c is None and stored.fixed_count is None
    assert stored.check_methods == ["onsite", "document"] and stored.required_tags == ["食品"]
    assert (stored.level, stored.notice_mode, stored.review_state) == ("key", "unannounced", "published")
    assert stored.on_random_list is True


def test_item_constraints(session):
    dept = make_department(session)
    item(session, dept, "X-01")
    base = dict(department_code=dept.code, name="x", created_at=NOW, updated_at=NOW)
    refused(session, Item(code="X-01", **base))  # duplicate code
    refused(session, Item(code="X-02", ratio_a="0.1", fixed_count=3, **base))  # ratio and count
    refused(session, Item(code="X-03", fixed_count=-1, **base))
    refused(session, Item(code="X-04", review_state="approved", **base))
    refused(session, Item(code="X-05", level="urgent", **base))
    refused(session, Item(code="X-06", notice_mode="surprise", **base))
    refused(session, Item(code="X-07", **{**base, "department_code": "nope"}))
    assert [i.code for i in repo.list_items(session, department_code=dept.code)] == ["X-01"]


def test_target_constraints_and_labels(session):
    row = target(session, 1, risk_grade="B", status="revoked")
    assert row.status_label == "吊销" and not row.is_active
    refused(session, Target(id=uscc(2), name="x", risk_grade="E", created_at=NOW, updated_at=NOW))
    refused(session, Target(id=uscc(3), name="x", status="closed", created_at=NOW, updated_at=NOW))
    refused(session, Target(id=uscc(4), name="x", id_kind="other", created_at=NOW, updated_at=NOW))
    ok = target(session, 5, id="GT-0001", id_kind="registry")
    assert ok.risk_grade is None and ok.status == "active" and ok.is_active


def test_membership_must_use_the_items_department(session):
    scjg, xf = make_department(session), make_department(session)
    food = item(session, scjg, "S-01")
    firm = target(session, 10)
    link(session, firm, food)
    refused(session, TargetItem(target_id=firm.id, item_id=food.id, department_code=scjg.code, added_at=NOW))
    # The composite foreign key: another department cannot claim SCJG's item.
    fire = item(session, xf, "F-01")
    refused(session, TargetItem(target_id=firm.id, item_id=food.id, department_code=xf.code, added_at=NOW))
    link(session, firm, fire)
    assert repo.target_department_codes(session, target_id=firm.id) == sorted([scjg.code, xf.code])
    assert [i.code for i in repo.list_target_items(session, target_id=firm.id)] == ["F-01", "S-01"]
    assert [i.code for i in repo.list_target_items(session, target_id=firm.id, department_code=xf.code)] == ["F-01"]


def test_list_targets_by_department_with_filters_and_pages(session):
    scjg, xf = make_department(session), make_department(session)
    food, fire = item(session, scjg, "S-01"), item(session, xf, "F-01")
    rows = [target(session, 100 + n, name=f"企业{n:02d}", street="昌岗街道" if n % 2 else "江南中街道",
                   risk_grade=(None if n % 5 == 0 else "ABCD"[n % 4]), status="active" if n != 3 else "deregistered")
            for n in range(12)]
    for n, row in enumerate(rows):
        link(session, row, food)
        if n % 3 == 0:
            link(session, row, fire)
    both = repo.TargetFilter(department_code=scjg.code)
    assert repo.count_targets(session, flt=both) == 12
    page = repo.list_targets(session, flt=both, offset=5, limit=5)
    assert [t.name for t in page] == [f"企业{n:02d}" for n in range(5, 10)]
    fire_only = repo.TargetFilter(department_code=xf.code)
    assert [t.name for t in repo.list_targets(session, flt=fire_only)] == ["企业00", "企业03", "企业06", "企业09"]
    narrowed = repo.TargetFilter(department_code=xf.code, status="active", street="江南中街道")
    assert [t.name for t in repo.list_targets(session, flt=narrowed)] == ["企业00", "企业06"]
    ungraded = repo.TargetFilter(department_code=scjg.code, risk_grade="-")
    assert [t.name for t in repo.list_targets(session, flt=ungraded)] == ["企业00", "企业05", "企业10"]
    assert repo.count_targets(session, flt=repo.TargetFilter(item_id=fire.id, q="企业0")) == 4
    assert repo.count_targets(session, flt=repo.TargetFilter(q=rows[7].id[:12])) >= 1
    assert repo.count_targets(session, flt=repo.TargetFilter(q="100%")) == 0
    assert repo.count_memberships(session, item_id=fire.id) == 4


def test_inspectors_periods_conflicts(session):
    dept, other = make_department(session), make_department(session)
    user = make_user(session, role="inspector", department_code=dept.code)
    a = inspector(session, dept, "44010500001", tags=["食品", "药品"], can_lead=True, user_id=user.id,
                  certificate_expires=dt.date(2026, 6, 30))
    b = inspector(session, dept, "44010500002")
    c = inspector(session, other, "44010600001", active=False)
    assert repo.get_inspector_by_user(session, user_id=user.id).certificate_no == a.certificate_no
    refused(session, Inspector(certificate_no="44010500003", name="x", department_code=dept.code,
                               certificate_expires=dt.date(2027, 1, 1), user_id=user.id,
                               created_at=NOW, updated_at=NOW))
    repo.add(session, InspectorUnavailability(inspector_id=a.certificate_no, from_date=dt.date(2026, 3, 9),
                                              to_date=dt.date(2026, 3, 13), reason="培训", created_at=NOW))
    refused(session, InspectorUnavailability(inspector_id=a.certificate_no, from_date=dt.date(2026, 3, 9),
                                             to_date=dt.date(2026, 3, 8), created_at=NOW))
    firm = target(session, 300)
    declared = dict(reason="亲属关系", declarant_kind="inspector", declared_by=user.username, declared_at=NOW)
    repo.add(session, InspectorTargetConflict(inspector_id=a.certificate_no, target_id=firm.id, **declared))
    refused(session, InspectorTargetConflict(inspector_id=a.certificate_no, target_id=firm.id, **declared))
    refused(session, InspectorTargetConflict(inspector_id=b.certificate_no, target_id=firm.id,
                                             **{**declared, "declarant_kind": "neighbour"}))
    repo.add(session, InspectorPairConflict(inspector_a_id=a.certificate_no, inspector_b_id=c.certificate_no, **declared))
    refused(session, InspectorPairConflict(inspector_a_id=b.certificate_no, inspector_b_id=a.certificate_no, **declared))
    session.expire_all()
    assert repo.get_inspector(session, certificate_no=a.certificate_no).tags == ["食品", "药品"]
    assert [i.certificate_no for i in repo.list_inspectors(session, department_code=dept.code)] == [
        "44010500001", "44010500002"]
    assert repo.list_inspectors(session, department_code=other.code, active=True) == []
    assert [p.reason for p in repo.list_unavailability(session, inspector_ids=[a.certificate_no])] == ["培训"]
    assert len(repo.list_target_conflicts(session, department_code=dept.code)) == 1
    assert repo.list_target_conflicts(session, department_code=other.code) == []
    assert len(repo.list_pair_conflicts(session, department_code=other.code)) == 1
    expiring = repo.list_certificates_expiring(session, on_or_before=dt.date(2026, 12, 31))
    assert [i.certificate_no for i in expiring] == ["44010500001"]


def test_history_with_team_and_round(session):
    dept = make_department(session)
    food = item(session, dept, "H-01")
    firm = target(session, 400)
    a, b = inspector(session, dept, "44010700001"), inspector(session, dept, "44010700002")
    record = repo.add(session, InspectionRecord(target_id=firm.id, department_code=dept.code, item_id=food.id,
                                                inspection_date=dt.date(2025, 6, 3), result_code="1",
                                                created_at=NOW))
    for position, who in enumerate((b, a)):
        repo.add(session, InspectionRecordInspector(record_id=record.id, inspector_id=who.certificate_no,
                                                    position=position))
    later = repo.add(session, InspectionRecord(target_id=firm.id, department_code=dept.code, item_id=food.id,
                                               inspection_date=dt.date(2025, 11, 20), result_code="A",
                                               round_id=7, created_at=NOW))
    refused(session, InspectionRecord(target_id=firm.id, department_code=dept.code, item_id=food.id,
                                      inspection_date=dt.date(2025, 6, 3), result_code="1", created_at=NOW))
    other = make_department(session)
    refused(session, InspectionRecord(target_id=firm.id, department_code=other.code, item_id=food.id,
                                      inspection_date=dt.date(2025, 7, 1), result_code="1", created_at=NOW))
    history = repo.list_history(session, target_id=firm.id)
    assert [(r.inspection_date, r.result_code, r.round_id) for r in history] == [
        (dt.date(2025, 11, 20), "A", 7), (dt.date(2025, 6, 3), "1", None)]
    assert repo.list_history(session, department_code=dept.code, since=dt.date(2025, 7, 1)) == [later]
    teams = repo.record_inspector_ids(session, record_ids=[record.id, later.id])
    assert teams == {record.id: ["44010700002", "44010700001"], later.id: []}


def test_timestamps_come_back_as_utc_instants(session):
    dept = make_department(session)
    row = item(session, dept, "T-01", created_at=clock.utcnow(), updated_at=NOW)
    session.expire_all()
    stored = session.scalars(select(Item).where(Item.id == row.id)).one()
    moment = stored.updated_at if stored.updated_at.tzinfo else stored.updated_at.replace(tzinfo=dt.UTC)
    assert moment == NOW
