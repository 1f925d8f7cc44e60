"""Loading the demo district into the real database (SQLite or PostgreSQL): complete, idempotent, audited."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.config import get_settings
from coordinator.demo import generate as gen
from coordinator.demo.load import load_district
from coordinator.domain.roles import Role
from coordinator.persistence.db import reset_engine
from coordinator.persistence.models.calendar_day import CalendarDay
from coordinator.persistence.models.department import Department
from coordinator.persistence.models.history import InspectionRecord, InspectionRecordInspector
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target, TargetItem
from coordinator.persistence.repos import audit as audit_repo
from coordinator.persistence.repos import registry as repo
from coordinator.persistence.repos import user as user_repo
from coordinator.workflow.auth import verify_password

PASSWORD = gen.DEMO_PASSWORD
runner = CliRunner()


def _count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def _expected(district) -> dict:
    return {
        Department: len(district["departments"]),
        Item: len(district["items"]),
        Target: len(district["targets"]),
        TargetItem: sum(len(t["items"]) for t in district["targets"]),
        Inspector: len(district["inspectors"]),
        InspectorUnavailability: sum(len(i["unavailable"]) for i in district["inspectors"]),
        InspectorTargetConflict: len(district["conflicts"]["inspector_target"]),
        InspectorPairConflict: len(district["conflicts"]["inspector_pairs"]),
        InspectionRecord: len(district["history"]),
        InspectionRecordInspector: sum(len(r["inspectors"]) for r in district["history"]),
    }


@pytest.fixture(scope="module")
def district():
    return gen.read_district()


def test_full_load_then_second_run_changes_nothing(session, district):
    report = load_district(session, district, password=PASSWORD, source_sha256="f" * 64)
    assert report.changed and report.calendar_days > 0
    for model, expected in _expected(district).items():
        assert _count(session, model) == expected, model.__tablename__
    assert report.added["target"] == len(district["targets"]) >= 5000
    assert _count(session, CalendarDay) > 0

    # Values survive the trip: strings, lists, dates, the composite item/department keys.
    first = district["targets"][0]
    stored = repo.get_target(session, target_id=first["id"])
    assert (stored.name, stored.street, stored.risk_grade, stored.status) == (
        first["name"], first["street"], first["risk_grade"], first["status"])
    assert [i.code for i in repo.list_target_items(session, target_id=first["id"])] == first["items"]
    item = repo.get_item_by_code(session, code="SCJG-01")
    assert item.ratios() == district["items"][0]["ratio"] and item.required_tags == ["食品"]
    record = district["history"][0]
    rows = repo.list_history(session, target_id=record["target"])
    match = [r for r in rows if r.inspection_date == dt.date.fromisoformat(record["date"])]
    assert match and match[0].result_code == record["result_code"]
    assert repo.record_inspector_ids(session, record_ids=[match[0].id])[match[0].id] == record["inspectors"]

    # Users: one per role, operators scoped, inspector accounts linked to their records.
    for spec in district["users"]:
        user = user_repo.get_user_by_username(session, username=spec["username"])
        assert user.role == spec["role"] and user.department_code == spec["department"]
        if spec["inspector"]:
            assert repo.get_inspector_by_user(session, user_id=user.id).certificate_no == spec["inspector"]
    office = user_repo.get_user_by_username(session, username="office")
    assert office.role == Role.OFFICE_ADMIN.value and verify_password(office.password_hash, PASSWORD)

    events = audit_repo.count_events(session)
    loads = audit_repo.list_events(session, flt=audit_repo.EventFilter(action="demo.load"))
    assert len(loads) == 1 and loads[0].payload["added"]["target"] == len(district["targets"])
    assert audit_repo.verify_chain(session).ok

    again = load_district(session, district, password=PASSWORD)
    assert not again.changed and again.users == [] and again.calendar_days == 0
    assert set(again.added.values()) == {0}
    assert audit_repo.count_events(session) == events
    for model, expected in _expected(district).items():
        assert _count(session, model) == expected, model.__tablename__


def test_partial_load_is_completed_without_overwriting_edits(session):
    district = gen.generate_district(firms=250)
    part = copy.deepcopy(district)
    part["targets"] = part["targets"][:100]
    kept = {t["id"] for t in part["targets"]}
    part["history"] = [r for r in part["history"] if r["target"] in kept][:5]
    part["conflicts"] = {"inspector_target": [c for c in part["conflicts"]["inspector_target"] if c["target"] in kept],
                         "inspector_pairs": []}
    part["users"] = part["users"][:2]
    first = load_district(session, part, password=PASSWORD, seed_calendar=False)
    assert first.added["target"] == 100 and first.users == ["office", "auditor"]

    edited = repo.get_target(session, target_id=district["targets"][0]["id"])
    edited.name = "已由部门修改的名称"
    session.flush()

    second = load_district(session, district, password=PASSWORD, seed_calendar=False)
    assert second.added["target"] == len(district["targets"]) - 100
    assert second.added["department"] == 0 and second.added["item"] == 0
    assert second.added["inspection_record"] == len(district["history"]) - 5
    assert second.added["inspector_pair_conflict"] == len(district["conflicts"]["inspector_pairs"])
    assert "office" not in second.users and "scjg" in second.users
    assert repo.get_target(session, target_id=district["targets"][0]["id"]).name == "已由部门修改的名称"
    for model, expected in _expected(district).items():
        assert _count(session, model) == expected, model.__tablename__
    assert audit_repo.verify_chain(session).ok


def test_cli_load_twice_says_nothing_changed(monkeypatch, tmp_path):
    """`coordinator demo load` end to end on a fresh SQLite file (command wiring; runs once)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("ENVIRONMENT", "dev")
    get_settings.cache_clear()
    reset_engine()
    try:
        small = tmp_path / "district.json"
        small.write_bytes(gen.render(gen.generate_district(firms=200)))
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        first = runner.invoke(app, ["demo", "load", "--file", str(small)])
        assert first.exit_code == 0, first.output
        assert "target: 350 added" in first.output and "demo district loaded (13 users created)" in first.output
        assert "password for all: demo-password-2026" in first.output and "office_admin" in first.output
        second = runner.invoke(app, ["demo", "load", "--file", str(small)])
        assert second.exit_code == 0 and "demo district already loaded: nothing changed" in second.output
        assert "added" not in second.output
        verified = runner.invoke(app, ["audit", "verify"])
        assert verified.exit_code == 0 and verified.output.startswith("OK")
    finally:
        reset_engine()
        get_settings.cache_clear()
