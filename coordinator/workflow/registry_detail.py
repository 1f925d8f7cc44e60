"""What a registry record's page shows besides its fields, after the same scope check.

A target: the item lists it is on (the departments the principal may see),
its inspection history (检查记录), newest first. An inspector: its
unavailability periods and its declared conflicts of interest. The history
of changes comes from the audit log (`registry.record_history`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from coordinator.domain.roles import Principal, visible_department_codes
from coordinator.persistence.repos import registry as registry_repo
from coordinator.persistence.repos import registry_query as repo

HISTORY_LIMIT = 100


@dataclass
class Section:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    # Per row, the page path that removes it (None: not removable here).
    removals: list[str | None] = field(default_factory=list)


def record_sections(session: Session, *, principal: Principal, kind: str, record: Any) -> list[Section]:
    """Extra tables of a record page (call after `get_record`, which checked the scope)."""
    if kind == "targets":
        return _target_sections(session, principal, record)
    if kind == "inspectors":
        return _inspector_sections(session, record)
    return []


def _target_sections(session: Session, principal: Principal, record: Any) -> list[Section]:
    visible = visible_department_codes(principal)
    lists = Section("lists", "所在抽查事项名录", ["部门", "事项编码"])
    memberships = repo.target_memberships(session, target_ids=[record.id]).get(record.id, {})
    for department in sorted(memberships):
        if visible is None or department in visible:
            lists.rows.append([department, "、".join(memberships[department])])
    history = Section("history", "检查记录", ["检查日期", "部门", "事项", "结果代码", "检查人员"])
    records = [
        r for r in registry_repo.list_history(session, target_id=record.id)
        if visible is None or r.department_code in visible
    ][:HISTORY_LIMIT]
    codes = repo.item_codes_by_id(session, item_ids=[r.item_id for r in records])
    teams = registry_repo.record_inspector_ids(session, record_ids=[r.id for r in records])
    for r in records:
        history.rows.append([
            r.inspection_date.isoformat(), r.department_code, codes.get(r.item_id, ""), r.result_code,
            "、".join(teams.get(r.id, [])),
        ])
    return [lists, history]


def _inspector_sections(session: Session, record: Any) -> list[Section]:
    periods = Section("unavailable", "不可参加检查的时段", ["开始", "结束", "原因"])
    base = f"/registry/inspectors/{record.certificate_no}"
    for p in repo.unavailability_of(session, inspector_id=record.certificate_no):
        periods.rows.append([p.from_date.isoformat(), p.to_date.isoformat(), p.reason])
        periods.removals.append(f"{base}/unavailable/{p.id}/delete")
    targets, pairs = repo.conflicts_of(session, inspector_id=record.certificate_no)
    conflicts = Section("conflicts", "申报的利害关系（回避）", ["类型", "对象", "原因", "申报人"])
    for c in targets:
        conflicts.rows.append(["检查对象", c.target_id, c.reason, c.declared_by])
        conflicts.removals.append(f"{base}/conflicts/target/{c.id}/delete")
    for c in pairs:
        other = c.inspector_b_id if c.inspector_a_id == record.certificate_no else c.inspector_a_id
        conflicts.rows.append(["检查人员", other, c.reason, c.declared_by])
        conflicts.removals.append(f"{base}/conflicts/inspector/{c.id}/delete")
    return [periods, conflicts]


def first_department(session: Session, kind: str, record: Any) -> str:
    """The department a record's form edits by default (a target: the first list it is on)."""
    if kind != "targets":
        return record.department_code
    departments = repo.target_departments(session, target_id=record.id)
    return departments[0] if departments else ""
