"""An inspector's unavailability periods and declared conflicts of interest (回避).

Entered by the inspector's department or by the office (the same write
scope as the inspector record itself), or by the inspector itself (「我的申报」):
a user with role `inspector` reaches only the inspector record linked to its
account (`inspector.user_id`), never another's, never the record's fields
(tags, certificate), and withdraws only the conflicts it declared itself.
Each addition or removal writes an audit event on the inspector's subject,
so it shows in the record's history.
An inspector ↔ target conflict keeps the inspector away from that target;
an inspector ↔ inspector conflict keeps the two out of one team (stored once,
the smaller certificate number first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.errors import Forbidden, NotFound
from coordinator.domain.registry import Checker, FieldError, RegistryInvalid, validate_period
from coordinator.domain.roles import Principal, RecordScope, Role, require_record, require_role
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.repos import registry_query as repo
from coordinator.workflow import registry as flow

CONFLICT_MODELS = {"target": InspectorTargetConflict, "inspector": InspectorPairConflict}


class NoInspectorRecord(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"user {username} is not linked to an inspector record",
            message_zh="您的账号尚未关联执法检查人员名录中的记录，请联系本部门",
        )


@dataclass(frozen=True)
class Declarations:
    """What an inspector declared about itself: its record, its periods, its conflicts."""

    inspector: Inspector
    periods: list[InspectorUnavailability]
    target_conflicts: list[InspectorTargetConflict]
    pair_conflicts: list[InspectorPairConflict]


def _inspector(session: Session, principal: Principal, key: str) -> Any:
    if principal.role is not Role.INSPECTOR:
        return flow.get_record(session, principal=principal, kind="inspectors", key=key, write=True)
    # An inspector's scope is its own record: the one linked to its account.
    record = repo.get_by_key(session, "inspectors", key)
    if record is None:
        raise flow.RecordNotFound("inspectors", key)
    owner = repo.username_of_user(session, user_id=record.user_id) if record.user_id is not None else None
    require_record(principal, RecordScope(department_code=record.department_code, inspector_username=owner),
                   write=True, what="inspector")
    return record


def my_inspector(session: Session, *, principal: Principal) -> Inspector:
    """The inspector record linked to the logged-in inspector's account."""
    require_role(principal, Role.INSPECTOR)
    record = repo.inspector_of_username(session, username=principal.username)
    if record is None:
        raise NoInspectorRecord(principal.username)
    return record


def my_declarations(session: Session, *, principal: Principal) -> Declarations:
    """The logged-in inspector's own periods and conflicts (both sides of a pair)."""
    record = my_inspector(session, principal=principal)
    targets, pairs = repo.conflicts_of(session, inspector_id=record.certificate_no)
    periods = repo.unavailability_of(session, inspector_id=record.certificate_no)
    return Declarations(record, periods, targets, pairs)


def may_withdraw(principal: Principal, conflict: Any) -> bool:
    """An inspector withdraws only what it declared; the department and office withdraw any."""
    if principal.role is not Role.INSPECTOR:
        return True
    return conflict.declarant_kind == "inspector" and conflict.declared_by == principal.username


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
    if not may_withdraw(principal, conflict):
        raise Forbidden("an inspector may withdraw only the conflicts it declared",
                        message_zh="只能撤回本人申报的回避，其他回避请联系本部门")
    session.delete(conflict)
    session.flush()
    flow.write_event(session, principal, "inspectors", "conflict.remove", key, inspector.department_code, {},
                     conflict={"kind": kind, "id": conflict_id})
    session.commit()
