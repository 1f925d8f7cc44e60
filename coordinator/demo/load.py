"""Load the demo district file into the database: idempotent, fast, audited.

`load_district(session, district)` inserts what the database lacks and
leaves every existing row alone (keys: department code, item code, target
id, (target, item), certificate number, period, conflict pair, (target,
item, date), username), so a second run changes nothing and says so, and a
run after a partial load completes it without touching edits made since.
Rows go in with multi-row INSERTs in batches (thousands of targets in a
second or two on SQLite and PostgreSQL). The official working-day calendar
is seeded first (it commits on its own), the demo users are created through
`coordinator.workflow.user.create_user` (argon2, audited), and one
`demo.load` audit event records what was added, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.persistence.models.department import Department
from coordinator.persistence.models.history import InspectionRecord, InspectionRecordInspector
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.models.item import RATIO_COLUMNS, Item
from coordinator.persistence.models.target import Target, TargetItem
from coordinator.persistence.repos import registry as registry_repo
from coordinator.persistence.repos import user as user_repo
from coordinator.persistence.repos.audit import append_event
from coordinator.workflow.calendar import seed_official_calendar
from coordinator.workflow.user import create_user

BATCH = 1000
ACTOR = "demo"


@dataclass
class LoadReport:
    """What a load added: rows per table, calendar days, users created."""

    added: dict[str, int] = field(default_factory=dict)
    calendar_days: int = 0
    users: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.calendar_days or self.users or any(self.added.values()))


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def _insert(session: Session, model, rows: list[dict[str, Any]]) -> int:
    for batch in _batches(rows):
        session.execute(insert(model.__table__), batch)
    return len(rows)


def _existing(session: Session, *columns) -> set:
    if len(columns) == 1:
        return set(session.scalars(select(columns[0])))
    return {tuple(row) for row in session.execute(select(*columns))}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _departments(session: Session, district: dict, now: dt.datetime) -> int:
    have = _existing(session, Department.code)
    rows = [
        {"code": d["code"], "name": d["name"], "short_name": d["short_name"], "sort_order": d["sort_order"],
         "active": True, "created_at": now}
        for d in district["departments"] if d["code"] not in have
    ]
    return _insert(session, Department, rows)


def _item_row(item: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    ratios = item["ratio"] or {}
    row = {
        "department_code": item["department"], "code": item["code"], "name": item["name"],
        "on_random_list": item["on_random_list"], "review_state": item["review_state"],
        "sub_items": item["sub_items"], "legal_basis": item["legal_basis"], "object_type": item["object_type"],
        "level": item["level"], "check_methods": item["check_methods"], "fixed_count": item["count"],
        "frequency": item["frequency"], "required_tags": item["required_tags"],
        "notice_mode": item["notice_mode"], "materials": item["materials"], "created_at": now, "updated_at": now,
    }
    row.update({column: ratios.get(grade) for grade, column in RATIO_COLUMNS.items()})
    return row


def _items(session: Session, district: dict, now: dt.datetime) -> int:
    have = _existing(session, Item.code)
    return _insert(session, Item, [_item_row(i, now) for i in district["items"] if i["code"] not in have])


def _targets(session: Session, district: dict, now: dt.datetime) -> int:
    have = _existing(session, Target.id)
    keys = ("id", "id_kind", "name", "legal_representative", "address", "street", "industry", "risk_grade",
            "status", "contact_name", "contact_phone", "contact_email")
    rows = [
        {**{k: t[k] for k in keys}, "created_at": now, "updated_at": now}
        for t in district["targets"] if t["id"] not in have
    ]
    return _insert(session, Target, rows)


def _memberships(session: Session, district: dict, items: dict[str, tuple[int, str]], now: dt.datetime) -> int:
    have = _existing(session, TargetItem.target_id, TargetItem.item_id)
    rows = []
    for target in district["targets"]:
        for code in target["items"]:
            item_id, department = items[code]
            if (target["id"], item_id) not in have:
                rows.append({"target_id": target["id"], "item_id": item_id, "department_code": department,
                             "added_at": now})
    return _insert(session, TargetItem, rows)


def _inspectors(session: Session, district: dict, now: dt.datetime) -> tuple[int, int]:
    have = _existing(session, Inspector.certificate_no)
    rows = [
        {"certificate_no": i["certificate_no"], "name": i["name"], "department_code": i["department"],
         "position": i["position"], "tags": i["tags"], "certificate_expires": _day(i["certificate_expires"]),
         "can_lead": i["can_lead"], "phone": i["phone"], "active": i["active"], "user_id": None,
         "created_at": now, "updated_at": now}
        for i in district["inspectors"] if i["certificate_no"] not in have
    ]
    periods_have = _existing(
        session, InspectorUnavailability.inspector_id, InspectorUnavailability.from_date,
        InspectorUnavailability.to_date,
    )
    periods = [
        {"inspector_id": i["certificate_no"], "from_date": _day(p["from"]), "to_date": _day(p["to"]),
         "reason": p["reason"], "created_at": now}
        for i in district["inspectors"] for p in i["unavailable"]
        if (i["certificate_no"], _day(p["from"]), _day(p["to"])) not in periods_have
    ]
    return _insert(session, Inspector, rows), _insert(session, InspectorUnavailability, periods)


def _declared(conflict: dict[str, Any]) -> dict[str, Any]:
    moment = dt.datetime.fromisoformat(conflict["declared_at"].replace("Z", "+00:00"))
    return {"reason": conflict["reason"], "declarant_kind": conflict["declarant_kind"],
            "declared_by": conflict["declared_by"], "declared_at": moment}


def _conflicts(session: Session, district: dict) -> tuple[int, int]:
    have = _existing(session, InspectorTargetConflict.inspector_id, InspectorTargetConflict.target_id)
    target_rows = [
        {"inspector_id": c["inspector"], "target_id": c["target"], **_declared(c)}
        for c in district["conflicts"]["inspector_target"] if (c["inspector"], c["target"]) not in have
    ]
    pairs_have = _existing(session, InspectorPairConflict.inspector_a_id, InspectorPairConflict.inspector_b_id)
    pair_rows = [
        {"inspector_a_id": c["inspector_a"], "inspector_b_id": c["inspector_b"], **_declared(c)}
        for c in district["conflicts"]["inspector_pairs"] if (c["inspector_a"], c["inspector_b"]) not in pairs_have
    ]
    return _insert(session, InspectorTargetConflict, target_rows), _insert(session, InspectorPairConflict, pair_rows)


def _record_ids(session: Session, keys: Iterable[tuple[str, int, dt.date]]) -> dict[tuple, int]:
    wanted = list(keys)
    found: dict[tuple, int] = {}
    columns = (InspectionRecord.target_id, InspectionRecord.item_id, InspectionRecord.inspection_date)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        statement = select(*columns, InspectionRecord.id).where(tuple_(*columns).in_(chunk))
        found.update({(t, i, d): rid for t, i, d, rid in session.execute(statement)})
    return found


def _history(session: Session, district: dict, items: dict[str, tuple[int, str]], now: dt.datetime) -> tuple[int, int]:
    columns = (InspectionRecord.target_id, InspectionRecord.item_id, InspectionRecord.inspection_date)
    have = _existing(session, *columns)
    new = [r for r in district["history"] if (r["target"], items[r["item"]][0], _day(r["date"])) not in have]
    rows = [
        {"target_id": r["target"], "department_code": r["department"], "item_id": items[r["item"]][0],
         "inspection_date": _day(r["date"]), "result_code": r["result_code"], "findings": r["findings"],
         "round_id": None, "created_at": now}
        for r in new
    ]
    _insert(session, InspectionRecord, rows)
    ids = _record_ids(session, ((r["target"], items[r["item"]][0], _day(r["date"])) for r in new))
    team_rows = [
        {"record_id": ids[(r["target"], items[r["item"]][0], _day(r["date"]))], "inspector_id": who, "position": n}
        for r in new for n, who in enumerate(r["inspectors"])
    ]
    return len(rows), _insert(session, InspectionRecordInspector, team_rows)


def _users(session: Session, district: dict, password: str, actor: str) -> list[str]:
    created = []
    for spec in district["users"]:
        if user_repo.get_user_by_username(session, username=spec["username"]) is not None:
            continue
        user = create_user(
            session, username=spec["username"], password=password, role=spec["role"],
            display_name=spec["display_name"], department_code=spec["department"], actor=actor, commit=False,
        )
        if spec["inspector"]:
            inspector = session.get(Inspector, spec["inspector"])
            if inspector is not None and inspector.user_id is None:
                inspector.user_id = user.id
                session.flush()
        created.append(user.username)
    return created


def district_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def load_district(
    session: Session,
    district: dict[str, Any],
    *,
    password: str,
    actor: str = ACTOR,
    source_sha256: str | None = None,
    seed_calendar: bool = True,
) -> LoadReport:
    """Insert whatever of `district` the database lacks; commit; report what was added."""
    report = LoadReport()
    if seed_calendar:
        report.calendar_days = seed_official_calendar(session, actor=actor)
    now = clock.utcnow()
    added = report.added
    added["department"] = _departments(session, district, now)
    added["item"] = _items(session, district, now)
    items = {code: (item_id, dept) for code, item_id, dept in session.execute(
        select(Item.code, Item.id, Item.department_code))}
    added["target"] = _targets(session, district, now)
    added["target_item"] = _memberships(session, district, items, now)
    added["inspector"], added["inspector_unavailability"] = _inspectors(session, district, now)
    added["inspector_target_conflict"], added["inspector_pair_conflict"] = _conflicts(session, district)
    added["inspection_record"], added["inspection_record_inspector"] = _history(session, district, items, now)
    session.flush()
    report.users = _users(session, district, password, actor)
    if any(added.values()):
        registry_repo.analyze_registry_tables(session)
    if any(added.values()) or report.users:
        payload = {"added": added, "users": report.users, "seed": district.get("seed"), "sha256": source_sha256}
        append_event(session, actor=actor, action="demo.load", subject="demo:district", payload=payload)
    session.commit()
    return report
