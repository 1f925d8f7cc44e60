"""Use cases of the item list and the two registries (一单两库), scoped by department.

Every read and write takes the acting `Principal` and applies the rules of
`coordinator.domain.roles` here, so no page, API call or import can skip
them: the office reads and writes every department's records, an auditor
reads all and writes none, a department operator reads and writes only its
own department's items and inspectors and the targets on its own item lists
(targets are district-wide; a department puts them on its lists). Every
change writes an audit event in the same transaction (`target.create`,
`inspector.update`, ...) whose payload holds the changed fields, which is
also each record's history.

Records are exchanged as flat dicts keyed by the column fields of
`coordinator.domain.registry_columns` ("values"), the same shape forms,
imports, exports and the diff use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.errors import Conflict, NotFound
from coordinator.domain.registry import (
    RATIO_FIELDS,
    FieldError,
    RegistryInvalid,
    check_review_transition,
    target_id_kind,
    validate_inspector,
    validate_item,
    validate_target,
)
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, KIND_LABELS
from coordinator.domain.roles import (
    Principal,
    RecordScope,
    Role,
    reads_everything,
    require_department,
    require_record,
    visible_department_codes,
)
from coordinator.persistence.models.inspector import Inspector
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target
from coordinator.persistence.repos import department as department_repo
from coordinator.persistence.repos import registry_query as repo
from coordinator.persistence.repos.audit import EventFilter, append_event, list_events

KINDS = ("targets", "inspectors", "items")
SUBJECT = {"targets": "target", "inspectors": "inspector", "items": "item"}
VALIDATORS = {"targets": validate_target, "inspectors": validate_inspector, "items": validate_item}


class UnknownDepartment(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"department {code} not found", message_zh=f"部门“{code}”不存在")


class RecordExists(Conflict):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(
            f"{SUBJECT[kind]} {key} already exists", message_zh=f"{KIND_LABELS[kind]}“{key}”已存在"
        )


class RecordNotFound(NotFound):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{SUBJECT[kind]} {key} not found", message_zh=f"{KIND_LABELS[kind]}“{key}”不存在")


@dataclass(frozen=True)
class Checked:
    """A validated record: its flat values and its department."""

    kind: str
    department_code: str
    values: dict[str, Any]


def flatten(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Validated values in the flat column shape (item ratios as ratio_a … ratio_none)."""
    flat = dict(values)
    if kind == "items":
        ratios = flat.pop("ratios", {})
        for grade, name in RATIO_FIELDS.items():
            flat[name] = ratios.get(grade)
    return {c.field: flat.get(c.field) for c in COLUMNS[kind]}


def record_values(kind: str, record: Any, item_codes: list[str] | None = None) -> dict[str, Any]:
    """A stored record in the flat column shape (targets: with one department's item codes)."""
    if kind == "targets":
        values = {c.field: getattr(record, c.field, None) for c in COLUMNS[kind] if c.field not in ("uscc", "item_codes")}
        values["uscc"] = record.id
        values["risk_grade"] = record.risk_grade or "-"
        values["item_codes"] = list(item_codes or [])
        return {c.field: values.get(c.field) for c in COLUMNS[kind]}
    values = {c.field: getattr(record, c.field) for c in COLUMNS[kind]}
    for name in ("tags", "check_methods", "required_tags"):
        if name in values:
            values[name] = list(values[name] or [])
    return values


def comparable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    if value == "":
        return None
    return value


def changes_between(kind: str, old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields: field → [old, new] (as JSON-ready values)."""
    changed = {}
    for column in COLUMNS[kind]:
        before, after = comparable(old.get(column.field)), comparable(new.get(column.field))
        if before != after:
            changed[column.field] = [before, after]
    return changed


def department_of(session: Session, code: str) -> str:
    if not code or department_repo.get_department(session, code=code) is None:
        raise UnknownDepartment(code or "")
    return code


def check_values(kind: str, raw: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate text fields of `kind` into flat values and errors."""
    values, errors = VALIDATORS[kind](raw)
    return flatten(kind, values), errors


def check_item_codes(session: Session, values: dict[str, Any], department_code: str) -> tuple[list[Item], list[FieldError]]:
    """The department's items named by a target's item codes, or errors for unknown ones."""
    items = repo.items_of_department(session, department_code=department_code)
    found, errors = [], []
    for code in values.get("item_codes") or []:
        if code in items:
            found.append(items[code])
        else:
            errors.append(FieldError("item_codes", code, f"抽查事项编码“{code}”不存在或不属于本部门"))
    return found, errors


NULLABLE = frozenset({*RATIO_FIELDS.values(), "fixed_count", "risk_grade"})
LIST_FIELDS = frozenset({"tags", "check_methods", "required_tags"})


def column_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Flat values as table columns (not the key, not target item codes)."""
    columns: dict[str, Any] = {}
    for column in COLUMNS[kind]:
        name = column.field
        if name in ("uscc", "item_codes", KEY_FIELD[kind]):
            continue
        value = values.get(name)
        if kind == "targets" and name == "risk_grade" and value == "-":
            value = None
        if value is None and name not in NULLABLE:
            value = [] if name in LIST_FIELDS else ""
        columns[name] = value
    return columns


def apply_values(kind: str, record: Any, values: dict[str, Any]) -> None:
    """Copy flat values onto a model row (not the key, not target item codes)."""
    for name, value in column_values(kind, values).items():
        setattr(record, name, value)
    record.updated_at = clock.utcnow()


def new_row(kind: str, key: str, department_code: str, values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """A whole table row for a bulk INSERT of a new record."""
    row = {**column_values(kind, values), "created_at": now, "updated_at": now}
    if kind == "targets":
        row.update(id=key, id_kind=target_id_kind(key))
    elif kind == "inspectors":
        row.update(certificate_no=key, department_code=department_code)
    else:
        row.update(code=key, department_code=department_code)
    return row


def new_record(kind: str, key: str, department_code: str) -> Any:
    now = clock.utcnow()
    if kind == "targets":
        return Target(id=key, id_kind=target_id_kind(key), name="", created_at=now, updated_at=now)
    if kind == "inspectors":
        return Inspector(
            certificate_no=key, name="", department_code=department_code,
            certificate_expires=dt.date(1970, 1, 1), created_at=now, updated_at=now,
        )
    return Item(code=key, name="", department_code=department_code, created_at=now, updated_at=now)


def require_readable(session: Session, principal: Principal, kind: str, record: Any, *, write: bool = False) -> None:
    """Refuse a record outside the principal's scope (NotFound to read, Forbidden to write)."""
    if kind != "targets":
        require_record(principal, RecordScope(department_code=record.department_code), write=write, what=SUBJECT[kind])
        return
    if reads_everything(principal):
        # The auditor reads every target and changes none.
        require_record(principal, RecordScope(), write=write, what="target")
        return
    on_lists = principal.role is Role.DEPARTMENT_OPERATOR and principal.department_code in repo.target_departments(
        session, target_id=record.id
    )
    if not on_lists:
        raise NotFound("target not found")


def get_record(session: Session, *, principal: Principal, kind: str, key: str, write: bool = False) -> Any:
    """One record the principal may see (NotFound otherwise)."""
    record = repo.get_by_key(session, kind, key)
    if record is None:
        raise RecordNotFound(kind, key)
    require_readable(session, principal, kind, record, write=write)
    return record


def values_for(session: Session, principal: Principal, kind: str, record: Any, department_code: str | None = None) -> dict[str, Any]:
    """The flat values of a record as this principal sees it (targets: its department's item codes)."""
    if kind != "targets":
        return record_values(kind, record)
    memberships = repo.target_memberships(session, target_ids=[record.id]).get(record.id, {})
    # Without a department of its own (the office, an auditor) a viewer sees the first list's codes.
    department = department_code or principal.department_code or min(memberships, default=None)
    codes = memberships.get(department, []) if department else []
    return record_values(kind, record, codes)


def writable_department(session: Session, principal: Principal, department_code: str | None) -> str:
    """The department a write goes to: the operator's own, or the one the office names."""
    code = department_code or principal.department_code or ""
    require_department(principal, department_of(session, code), write=True)
    return code


def create_record(
    session: Session, *, principal: Principal, kind: str, raw: dict[str, Any], department_code: str | None = None, commit: bool = True
) -> Any:
    """Create a record from text fields; RegistryInvalid lists every field problem."""
    department = writable_department(session, principal, department_code)
    values, errors = check_values(kind, raw)
    key = values[KEY_FIELD[kind]]
    items: list[Item] = []
    if kind == "targets":
        items, item_errors = check_item_codes(session, values, department)
        errors += item_errors
        if not errors and not items:
            errors.append(FieldError("item_codes", "", "请至少填写一个本部门的抽查事项编码（检查对象须在本部门的名录中）"))
    if errors:
        raise RegistryInvalid(errors, what=SUBJECT[kind])
    if repo.get_by_key(session, kind, key) is not None:
        raise RecordExists(kind, key)
    record = new_record(kind, key, department)
    apply_values(kind, record, values)
    repo.add_record(session, record)
    if kind == "targets":
        repo.set_target_items(session, target_id=key, department_code=department, items=items, added_at=clock.utcnow())
    write_event(session, principal, kind, "create", key, department, changes_between(kind, {}, values))
    if commit:
        session.commit()
    return record


def update_record(
    session: Session, *, principal: Principal, kind: str, key: str, raw: dict[str, Any], department_code: str | None = None, commit: bool = True
) -> Any:
    """Change a record from text fields (its key stays); writes an event only if something changed."""
    record = get_record(session, principal=principal, kind=kind, key=key, write=True)
    if kind == "targets":
        # The office edits a target's memberships of the department it names, else of the first list it is on.
        lists = repo.target_departments(session, target_id=key)
        department = writable_department(session, principal, department_code or principal.department_code or (lists[0] if lists else None))
    else:
        department = record.department_code
    raw = {**raw, KEY_FIELD[kind]: key}
    values, errors = check_values(kind, raw)
    items: list[Item] = []
    if kind == "targets":
        items, item_errors = check_item_codes(session, values, department)
        errors += item_errors
    if kind == "items":
        reason = check_review_transition(record.review_state, values["review_state"] or record.review_state)
        if reason:
            errors.append(FieldError("review_state", values["review_state"], reason))
    if errors:
        raise RegistryInvalid(errors, what=SUBJECT[kind])
    before = values_for(session, principal, kind, record, department)
    changes = changes_between(kind, before, values)
    if changes:
        apply_values(kind, record, values)
        if kind == "targets":
            record.id_kind = target_id_kind(key)
            repo.set_target_items(session, target_id=key, department_code=department, items=items, added_at=clock.utcnow())
        session.flush()
        write_event(session, principal, kind, "update", key, department, changes)
    if commit:
        session.commit()
    return record


def write_event(session: Session, principal: Principal, kind: str, verb: str, key: str, department: str, changes: dict[str, Any], **extra: Any) -> None:
    append_event(
        session,
        actor=principal.username,
        action=f"{SUBJECT[kind]}.{verb}",
        subject=f"{SUBJECT[kind]}:{key}",
        payload={"department": department, "changes": changes, **extra},
    )


def list_records(session: Session, *, principal: Principal, query: repo.ListQuery) -> repo.Page:
    """A page of records the principal may see."""
    scope = visible_department_codes(principal)
    return repo.list_page(session, repo.ListQuery(**{**query.__dict__, "departments": scope}))


def record_history(session: Session, *, principal: Principal, kind: str, key: str, limit: int = 200) -> list:
    """Audit events of one record, newest first (after the scope check)."""
    get_record(session, principal=principal, kind=kind, key=key)
    return list_events(session, flt=EventFilter(subject=f"{SUBJECT[kind]}:{key}"), limit=limit)


def visible_departments(session: Session, *, principal: Principal) -> list:
    return department_repo.list_departments(session, codes=visible_department_codes(principal))


def writable_departments(session: Session, *, principal: Principal) -> list:
    """Departments the principal may write to (none for auditors and inspectors)."""
    if principal.role is Role.OFFICE_ADMIN:
        return department_repo.list_departments(session)
    if principal.role is Role.DEPARTMENT_OPERATOR and principal.department_code:
        return department_repo.list_departments(session, codes=(principal.department_code,))
    return []


def random_list_coverage(session: Session, *, principal: Principal, department_code: str = "") -> tuple[int, int]:
    """(items on the random-check list, all items) the principal may see; seed 004 asks for ≥70%."""
    scope = visible_department_codes(principal)
    if department_code:
        scope = (department_code,) if scope is None or department_code in scope else ()
    return repo.random_list_coverage(session, departments=scope)
