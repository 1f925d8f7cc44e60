"""Registry queries (一单两库): items, targets, inspectors, their periods, conflicts and history.

Queries only: functions flush when they add, never commit. A `department_code`
argument narrows a query to one department's records (scoping is decided by
the workflow; None means every department). Lists are ordered so that pages
and exports are stable: items by code, targets by name then id, inspectors by
name then certificate number, history newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from coordinator.persistence.models.history import InspectionRecord, InspectionRecordInspector
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target, TargetItem


# ---- items -------------------------------------------------------------------------------


def get_item(session: Session, *, item_id: int) -> Item | None:
    return session.get(Item, item_id)


def get_item_by_code(session: Session, *, code: str) -> Item | None:
    return session.scalars(select(Item).where(Item.code == code)).first()


def list_items(
    session: Session, *, department_code: str | None = None, on_random_list: bool | None = None
) -> list[Item]:
    """Items ordered by code; one department's, and only (not) on the random list, when given."""
    statement = select(Item).order_by(Item.code)
    if department_code is not None:
        statement = statement.where(Item.department_code == department_code)
    if on_random_list is not None:
        statement = statement.where(Item.on_random_list.is_(on_random_list))
    return list(session.scalars(statement))


def item_ids_by_code(session: Session, *, department_code: str | None = None) -> dict[str, int]:
    """Item code → id (one department's when given)."""
    statement = select(Item.code, Item.id)
    if department_code is not None:
        statement = statement.where(Item.department_code == department_code)
    return {code: item_id for code, item_id in session.execute(statement)}


# ---- targets -----------------------------------------------------------------------------


def get_target(session: Session, *, target_id: str) -> Target | None:
    return session.get(Target, target_id)


@dataclass(frozen=True)
class TargetFilter:
    """What a target list page asks for; empty fields do not filter."""

    department_code: str | None = None
    item_id: int | None = None
    street: str | None = None
    status: str | None = None
    # "-" asks for ungraded targets (risk_grade NULL).
    risk_grade: str | None = None
    industry: str | None = None
    # Substring of the name, or the start of the code.
    q: str | None = None


def _on_list(flt: TargetFilter):
    # IN (uncorrelated) rather than a correlated EXISTS: with statistics, SQLite builds the
    # membership set once instead of probing per target (measured 10× faster at 100,000 targets).
    membership = select(TargetItem.target_id)
    if flt.department_code is not None:
        membership = membership.where(TargetItem.department_code == flt.department_code)
    if flt.item_id is not None:
        membership = membership.where(TargetItem.item_id == flt.item_id)
    return Target.id.in_(membership)


def _filtered_targets(statement, flt: TargetFilter):
    if flt.department_code is not None or flt.item_id is not None:
        statement = statement.where(_on_list(flt))
    if flt.street:
        statement = statement.where(Target.street == flt.street)
    if flt.status:
        statement = statement.where(Target.status == flt.status)
    if flt.risk_grade == "-":
        statement = statement.where(Target.risk_grade.is_(None))
    elif flt.risk_grade:
        statement = statement.where(Target.risk_grade == flt.risk_grade)
    if flt.industry:
        statement = statement.where(Target.industry == flt.industry)
    if flt.q:
        needle = flt.q.strip()
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(
            or_(Target.name.like(pattern, escape="\\"), Target.id.startswith(needle.upper(), autoescape=True))
        )
    return statement


def list_targets(
    session: Session, *, flt: TargetFilter = TargetFilter(), offset: int = 0, limit: int = 50
) -> list[Target]:
    """One page of targets matching `flt`, ordered by name then id."""
    statement = _filtered_targets(select(Target), flt).order_by(Target.name, Target.id)
    return list(session.scalars(statement.offset(offset).limit(limit)))


def count_targets(session: Session, *, flt: TargetFilter = TargetFilter()) -> int:
    return session.execute(_filtered_targets(select(func.count()).select_from(Target), flt)).scalar_one()


def list_target_items(
    session: Session, *, target_id: str, department_code: str | None = None
) -> list[Item]:
    """The items whose lists the target is on (one department's when given), by code."""
    statement = (
        select(Item)
        .join(TargetItem, TargetItem.item_id == Item.id)
        .where(TargetItem.target_id == target_id)
        .order_by(Item.code)
    )
    if department_code is not None:
        statement = statement.where(TargetItem.department_code == department_code)
    return list(session.scalars(statement))


def target_department_codes(session: Session, *, target_id: str) -> list[str]:
    """The departments that have the target on at least one item list."""
    statement = (
        select(TargetItem.department_code)
        .where(TargetItem.target_id == target_id)
        .distinct()
        .order_by(TargetItem.department_code)
    )
    return list(session.scalars(statement))


def count_memberships(session: Session, *, item_id: int) -> int:
    """How many targets are on the item's list."""
    statement = select(func.count()).select_from(TargetItem).where(TargetItem.item_id == item_id)
    return session.execute(statement).scalar_one()


# ---- inspectors --------------------------------------------------------------------------


def get_inspector(session: Session, *, certificate_no: str) -> Inspector | None:
    return session.get(Inspector, certificate_no)


def get_inspector_by_user(session: Session, *, user_id: int) -> Inspector | None:
    return session.scalars(select(Inspector).where(Inspector.user_id == user_id)).first()


def list_inspectors(
    session: Session, *, department_code: str | None = None, active: bool | None = None
) -> list[Inspector]:
    """Inspectors ordered by name then certificate number; filtered when arguments are given."""
    statement = select(Inspector).order_by(Inspector.name, Inspector.certificate_no)
    if department_code is not None:
        statement = statement.where(Inspector.department_code == department_code)
    if active is not None:
        statement = statement.where(Inspector.active.is_(active))
    return list(session.scalars(statement))


def list_certificates_expiring(
    session: Session, *, on_or_before: dt.date, department_code: str | None = None
) -> list[Inspector]:
    """Active inspectors whose certificate expires on or before the date, soonest first."""
    statement = (
        select(Inspector)
        .where(Inspector.active.is_(True), Inspector.certificate_expires <= on_or_before)
        .order_by(Inspector.certificate_expires, Inspector.certificate_no)
    )
    if department_code is not None:
        statement = statement.where(Inspector.department_code == department_code)
    return list(session.scalars(statement))


def list_unavailability(
    session: Session, *, inspector_ids: Sequence[str] | None = None
) -> list[InspectorUnavailability]:
    """Unavailability periods (of the given inspectors), by inspector then start."""
    statement = select(InspectorUnavailability).order_by(
        InspectorUnavailability.inspector_id, InspectorUnavailability.from_date, InspectorUnavailability.id
    )
    if inspector_ids is not None:
        statement = statement.where(InspectorUnavailability.inspector_id.in_(list(inspector_ids)))
    return list(session.scalars(statement))


def list_target_conflicts(
    session: Session, *, department_code: str | None = None
) -> list[InspectorTargetConflict]:
    """Inspector ↔ target conflicts (of one department's inspectors), by inspector then target."""
    statement = select(InspectorTargetConflict).order_by(
        InspectorTargetConflict.inspector_id, InspectorTargetConflict.target_id
    )
    if department_code is not None:
        statement = statement.join(
            Inspector, Inspector.certificate_no == InspectorTargetConflict.inspector_id
        ).where(Inspector.department_code == department_code)
    return list(session.scalars(statement))


def list_pair_conflicts(
    session: Session, *, department_code: str | None = None
) -> list[InspectorPairConflict]:
    """Inspector ↔ inspector conflicts (where either inspector is of the department), ordered."""
    statement = select(InspectorPairConflict).order_by(
        InspectorPairConflict.inspector_a_id, InspectorPairConflict.inspector_b_id
    )
    if department_code is not None:
        ids = select(Inspector.certificate_no).where(Inspector.department_code == department_code)
        statement = statement.where(
            or_(InspectorPairConflict.inspector_a_id.in_(ids), InspectorPairConflict.inspector_b_id.in_(ids))
        )
    return list(session.scalars(statement))


# ---- history -----------------------------------------------------------------------------


def list_history(
    session: Session,
    *,
    target_id: str | None = None,
    department_code: str | None = None,
    since: dt.date | None = None,
) -> list[InspectionRecord]:
    """Inspection records, newest first (then by target and item), narrowed by the arguments."""
    statement = select(InspectionRecord).order_by(
        InspectionRecord.inspection_date.desc(), InspectionRecord.target_id, InspectionRecord.item_id
    )
    if target_id is not None:
        statement = statement.where(InspectionRecord.target_id == target_id)
    if department_code is not None:
        statement = statement.where(InspectionRecord.department_code == department_code)
    if since is not None:
        statement = statement.where(InspectionRecord.inspection_date >= since)
    return list(session.scalars(statement))


def record_inspector_ids(session: Session, *, record_ids: Sequence[int]) -> dict[int, list[str]]:
    """Record id → its inspectors' certificate numbers in team order."""
    if not record_ids:
        return {}
    statement = (
        select(InspectionRecordInspector.record_id, InspectionRecordInspector.inspector_id)
        .where(InspectionRecordInspector.record_id.in_(list(record_ids)))
        .order_by(InspectionRecordInspector.record_id, InspectionRecordInspector.position)
    )
    teams: dict[int, list[str]] = {record_id: [] for record_id in record_ids}
    for record_id, inspector_id in session.execute(statement):
        teams[record_id].append(inspector_id)
    return teams


REGISTRY_TABLES = (
    "item", "target", "target_item", "inspector", "inspector_unavailability", "inspector_target_conflict",
    "inspector_pair_conflict", "inspection_record", "inspection_record_inspector",
)


def analyze_registry_tables(session: Session) -> None:
    """Refresh the planner statistics of the registry tables (after a bulk load).

    Without them PostgreSQL plans the first queries after a load as if the
    tables were empty, and SQLite has no statistics at all.
    """
    for table in REGISTRY_TABLES:
        session.execute(text(f"ANALYZE {table}"))


def add(session: Session, record):
    """Add one registry row and flush (ids and defaults become visible)."""
    session.add(record)
    session.flush()
    return record
