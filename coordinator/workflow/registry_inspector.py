"""An inspector's unavailability periods and declared conflicts of interest (回避).

Entered by the inspector's department or by the office (the same write
scope as the inspector record itself); each addition or removal writes an
audit event on the inspector's subject, so it shows in the record's history.
An inspector ↔ target conflict keeps the inspector away from that target;
an inspector ↔ inspector conflict keeps the two out of one team (stored once,
the smaller certificate number first).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.errors import NotFound
from coordinator.domain.registry import Checker, FieldError, RegistryInvalid, validate_period
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.models.inspector import (
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.repos import registry_query as repo
from coordinator.workflow import registry as flow

CONFLICT_MODELS = {"target": InspectorTargetConflict, "inspector": InspectorPairConflict}


def _inspector(session: Session, principal: Principal, key: str) -> Any:
    return flow.get_record(session, principal=principal, kind="inspectors", key=key, write=True)


def _declarant(principal: Principal) -> str:
    return {Role.OFFICE_ADMIN: "office", Role.INSPECTOR: "inspector"}.get(principal.role, "department")


def add_unavailability(session: Session, *, principal: Principal, key: str, raw: dict[str, Any]) -> InspectorUnavailability:
    """Record a period (both ends included) in which the inspector cannot inspect."""
    inspector = _inspector(session, principal, key)
    values, errors = validate_period(raw)
    if errors:
        raise RegistryInvalid(errors, what="period")
    period = InspectorUnavailability(
        inspector_id=key, from_date=values["date_from"], to_date=values["date_to"], reason=values["reason"],
        created_at=clock.utcnow(),
    )
    repo.add_record(session, period)
    flow.write_event(session, principal, "inspectors", "unavailable.add", key, inspector.department_code, {},
                     period={"from": values["date_from"], "to": values["date_to"], "reason": values["reason"]})
    session.commit()
    return period


def remove_unavailability(session: Session, *, principal: Principal, key: str, period_id: int) -> None:
    inspector = _inspector(session, principal, key)
    period = session.get(InspectorUnavailability, period_id)
    if period is None or period.inspector_id != key:
        raise NotFound("period not found")
    session.delete(period)
    session.flush()
    flow.write_event(session, principal, "inspectors", "unavailable.remove", key, inspector.department_code, {},
                     period={"from": period.from_date, "to": period.to_date, "reason": period.reason})
    session.commit()


def declare_conflict(session: Session, *, principal: Principal, key: str, raw: dict[str, Any]) -> Any:
    """Declare a conflict with a target (USCC) or another inspector (执法证号)."""
    inspector = _inspector(session, principal, key)
    c = Checker(raw)
    other = c.required("other", "回避对象")
    reason = c.required("reason", "回避原因")
    kind = c.text("kind") or "target"
    if kind not in CONFLICT_MODELS:
        c.fail("kind", "回避类型应为检查对象或检查人员")
    if not c.errors:
        _check_other(session, c, kind, key, other)
    if c.errors:
        raise RegistryInvalid(c.errors, what="conflict")
    now = clock.utcnow()
    common = {"reason": reason, "declarant_kind": _declarant(principal), "declared_by": principal.username, "declared_at": now}
    if kind == "target":
        conflict = InspectorTargetConflict(inspector_id=key, target_id=other, **common)
    else:
        a, b = sorted((key, other))
        conflict = InspectorPairConflict(inspector_a_id=a, inspector_b_id=b, **common)
    repo.add_record(session, conflict)
    flow.write_event(session, principal, "inspectors", "conflict.add", key, inspector.department_code, {},
                     conflict={"kind": kind, "other": other, "reason": reason})
    session.commit()
    return conflict


def _check_other(session: Session, c: Checker, kind: str, key: str, other: str) -> None:
    if kind == "target":
        if repo.get_by_key(session, "targets", other) is None:
            c.errors.append(FieldError("other", other, f"检查对象“{other}”不存在"))
        elif repo.find_conflict(session, kind, key, other) is not None:
            c.errors.append(FieldError("other", other, "该回避关系已登记"))
        return
    if other == key:
        c.errors.append(FieldError("other", other, "不能与本人回避"))
    elif repo.get_by_key(session, "inspectors", other) is None:
        c.errors.append(FieldError("other", other, f"执法证号“{other}”不存在"))
    elif repo.find_conflict(session, kind, key, other) is not None:
        c.errors.append(FieldError("other", other, "该回避关系已登记"))


def remove_conflict(session: Session, *, principal: Principal, key: str, kind: str, conflict_id: int) -> None:
    inspector = _inspector(session, principal, key)
    model = CONFLICT_MODELS.get(kind)
    conflict = session.get(model, conflict_id) if model else None
    mine = conflict is not None and key in (
        (conflict.inspector_id,) if kind == "target" else (conflict.inspector_a_id, conflict.inspector_b_id)
    )
    if not mine:
        raise NotFound("conflict not found")
    session.delete(conflict)
    session.flush()
    flow.write_event(session, principal, "inspectors", "conflict.remove", key, inspector.department_code, {},
                     conflict={"kind": kind, "id": conflict_id})
    session.commit()
