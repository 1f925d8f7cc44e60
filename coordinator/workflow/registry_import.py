"""Excel/CSV import of a department's registry: preview as a diff, then all-or-nothing.

`preview_import` reads the file (`registry_files.read_sheet`), validates
every row (the same rules as the web forms), finds duplicate keys inside the
file, unknown item codes and records owned by another department, and
compares each row with what is stored: rows to add, rows to change (with
the changed fields) and rows left alone. Any problem refuses the whole file
with a row-by-row report (`ImportRejected`). `apply_import` repeats the
preview on the same bytes and writes every added and changed row in one
transaction, with one audit event per record and one for the import; if
anything fails, nothing is written. Upserts key on USCC / 执法证号 / item
code.

Between preview and confirmation the uploaded bytes wait in a private
directory under a random token tied to the uploader (`stash_upload`).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.errors import NotFound
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, label_of
from coordinator.domain.roles import Principal, visible_department_codes
from coordinator.persistence.models.item import Item
from coordinator.persistence.repos import registry_query as repo
from coordinator.persistence.repos.audit import append_events
from coordinator.workflow import registry as flow
from coordinator.workflow.registry_files import ImportRejected, RowProblem, SheetRow, read_sheet, write_sheet

STASH_DIR = Path(tempfile.gettempdir()) / "jic-registry-imports"
KIND_TITLES = {"targets": "检查对象", "inspectors": "检查人员", "items": "抽查事项"}
HEADERS = {kind: {c.field: c.header for c in columns} for kind, columns in COLUMNS.items()}
FIELDS = {kind: tuple(c.field for c in columns) for kind, columns in COLUMNS.items()}


@dataclass(frozen=True)
class FieldChange:
    field: str
    header: str
    old: str
    new: str


@dataclass
class PlannedRow:
    row: int
    key: str
    name: str
    values: dict[str, Any]
    record: Any = None
    items: list[Item] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    diff: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class Preview:
    kind: str
    department_code: str
    added: list[PlannedRow] = field(default_factory=list)
    changed: list[PlannedRow] = field(default_factory=list)
    unchanged: int = 0

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged


def _problem(kind: str, row: int, field_name: str, value: str, reason: str) -> RowProblem:
    return RowProblem(row, HEADERS[kind].get(field_name, field_name), value, reason)


def _validate_rows(kind: str, rows: list[SheetRow]) -> tuple[list[tuple[SheetRow, dict]], list[RowProblem]]:
    problems: list[RowProblem] = []
    checked: list[tuple[SheetRow, dict]] = []
    first_row: dict[str, int] = {}
    key_field = KEY_FIELD[kind]
    for row in rows:
        values, errors = flow.check_values(kind, row.values)
        problems += [_problem(kind, row.number, e.field, e.value, e.message_zh) for e in errors]
        key = values[key_field]
        if key and key in first_row:
            problems.append(_problem(kind, row.number, key_field, key, f"与第{first_row[key]}行重复"))
        first_row.setdefault(key, row.number)
        checked.append((row, values))
    return checked, problems


Progress = Callable[[str, int], None]


def _no_progress(stage: str, percent: int) -> None:
    """Imports run from a page or the CLI report nothing; background jobs pass a recorder."""


def preview_import(
    session: Session, *, principal: Principal, kind: str, department_code: str | None, filename: str, data: bytes,
    progress: Progress = _no_progress,
) -> Preview:
    """What importing this file would do, or ImportRejected with every problem."""
    try:
        department = flow.writable_department(session, principal, department_code)
    except flow.UnknownDepartment as exc:
        raise ImportRejected([RowProblem(0, "部门", department_code or "", exc.message_zh)]) from exc
    progress("读取文件", 5)
    rows = read_sheet(kind, filename, data)
    progress("校验数据", 40)
    checked, problems = _validate_rows(kind, rows)
    key_field = KEY_FIELD[kind]
    existing = repo.get_many(session, kind, [values[key_field] for _, values in checked if values[key_field]])
    items = repo.items_of_department(session, department_code=department) if kind == "targets" else {}
    memberships = (
        repo.target_memberships(session, target_ids=list(existing), department_code=department) if kind == "targets" else {}
    )
    preview = Preview(kind, department)
    for row, values in checked:
        key = values[key_field]
        planned = PlannedRow(row.number, key, str(values.get("name") or ""), values, existing.get(key))
        if kind == "targets":
            for code in values["item_codes"] or []:
                if code in items:
                    planned.items.append(items[code])
                else:
                    problems.append(_problem(kind, row.number, "item_codes", code, f"抽查事项编码“{code}”不存在或不属于本部门"))
        elif planned.record is not None and planned.record.department_code != department:
            problems.append(_problem(kind, row.number, key_field, key, f"“{key}”已登记在其他部门（{planned.record.department_code}），不能导入到本部门"))
        _classify(preview, planned, memberships)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    return preview


def _classify(preview: Preview, planned: PlannedRow, memberships: dict) -> None:
    kind = preview.kind
    if planned.record is None:
        preview.added.append(planned)
        return
    codes = memberships.get(planned.key, {}).get(preview.department_code, []) if kind == "targets" else None
    before = flow.record_values(kind, planned.record, codes)
    columns = {c.field: c for c in COLUMNS[kind]}
    planned.diff = flow.changes_between(kind, before, planned.values)
    for name in planned.diff:
        column = columns[name]
        planned.changes.append(
            FieldChange(name, column.header, label_of(column, before.get(name)), label_of(column, planned.values.get(name)))
        )
    if planned.diff:
        preview.changed.append(planned)
    else:
        preview.unchanged += 1


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


def apply_import(
    session: Session, *, principal: Principal, kind: str, department_code: str | None, filename: str, data: bytes,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Write every added and changed row in one transaction, or nothing (ImportRejected)."""
    preview = preview_import(
        session, principal=principal, kind=kind, department_code=department_code, filename=filename, data=data,
        progress=progress,
    )
    try:
        progress("写入数据", 60)
        _write(session, principal, preview)
        progress("记录审计日志", 85)
        events = [_event(kind, preview.department_code, p) for p in preview.added + preview.changed]
        events.append((
            "registry.import",
            f"import:{kind}:{preview.department_code}",
            {"file": filename, "sha256": hashlib.sha256(data).hexdigest(), "added": len(preview.added),
             "changed": len(preview.changed), "unchanged": preview.unchanged},
        ))
        append_events(session, actor=principal.username, events=events)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return ImportResult(len(preview.added), len(preview.changed), preview.unchanged)


def _event(kind: str, department: str, planned: PlannedRow) -> tuple[str, str, dict[str, Any]]:
    if planned.record is None:
        verb, changes = "create", _created_changes(kind, planned.values)
    else:
        verb, changes = "update", planned.diff
    payload = {"department": department, "changes": changes, "source": "import"}
    return f"{flow.SUBJECT[kind]}.{verb}", f"{flow.SUBJECT[kind]}:{planned.key}", payload


def _created_changes(kind: str, values: dict[str, Any]) -> dict[str, list[Any]]:
    """`flow.changes_between(kind, {}, values)` without comparing against an empty record field by field."""
    changes: dict[str, list[Any]] = {}
    for name in FIELDS[kind]:
        value = values.get(name)
        if value is None or value == "":
            continue
        changes[name] = [None, value if value.__class__ is str else flow.comparable(value)]
    return changes


def _write(session: Session, principal: Principal, preview: Preview) -> None:
    """Bulk INSERT the added rows, bulk UPDATE the changed ones, reset the department's list memberships."""
    kind, department, now = preview.kind, preview.department_code, clock.utcnow()
    model = repo.MODELS[kind]
    added = [flow.new_row(kind, p.key, department, p.values, now) for p in preview.added]
    repo.bulk_insert(session, model, added)
    changed = []
    for planned in preview.changed:
        row = {**flow.column_values(kind, planned.values), "updated_at": now}
        row.update(repo.primary_key_of(kind, planned.record))
        changed.append(row)
    repo.bulk_update(session, model, changed)
    if kind == "targets":
        touched = preview.added + preview.changed
        repo.replace_memberships(
            session, department_code=department, target_ids=[p.key for p in preview.changed],
            pairs=[(p.key, item.id) for p in touched for item in p.items], added_at=now,
        )


def stash_path(token: str, suffix: str) -> Path:
    if not token.replace("-", "").replace("_", "").isalnum():
        raise NotFound("upload not found", message_zh="上传的文件已过期，请重新上传")
    return STASH_DIR / f"{token}{suffix}"


def stash_upload(*, principal: Principal, kind: str, department_code: str, filename: str, data: bytes) -> str:
    """Keep an upload until it is confirmed; returns its token."""
    STASH_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    meta = {"username": principal.username, "kind": kind, "department": department_code, "filename": filename}
    stash_path(token, ".bin").write_bytes(data)
    stash_path(token, ".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def load_upload(*, principal: Principal, kind: str, token: str) -> tuple[dict[str, Any], bytes]:
    """A stashed upload of this user and kind (NotFound when gone or not theirs)."""
    meta_path, data_path = stash_path(token, ".json"), stash_path(token, ".bin")
    if not meta_path.exists() or not data_path.exists():
        raise NotFound("upload not found", message_zh="上传的文件已过期，请重新上传")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("username") != principal.username or meta.get("kind") != kind:
        raise NotFound("upload not found", message_zh="上传的文件已过期，请重新上传")
    return meta, data_path.read_bytes()


def discard_upload(token: str) -> None:
    for suffix in (".bin", ".json"):
        stash_path(token, suffix).unlink(missing_ok=True)


def stash_report(*, principal: Principal, data: bytes) -> str:
    """Keep a problem report (.xlsx) for download; returns its token."""
    STASH_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    stash_path(token, ".report.xlsx").write_bytes(data)
    stash_path(token, ".report.json").write_text(json.dumps({"username": principal.username}), encoding="utf-8")
    return token


def load_report(*, principal: Principal, token: str) -> bytes:
    meta_path, data_path = stash_path(token, ".report.json"), stash_path(token, ".report.xlsx")
    if not meta_path.exists() or json.loads(meta_path.read_text()).get("username") != principal.username:
        raise NotFound("report not found", message_zh="错误报告已过期，请重新上传")
    return data_path.read_bytes()




def export_sheet(session: Session, *, principal: Principal, query: repo.ListQuery) -> bytes:
    """The filtered list as .xlsx in the import template's columns (targets: one department's item codes)."""
    kind = query.kind
    scoped = repo.ListQuery(**{**query.__dict__, "departments": visible_department_codes(principal)})
    department = query.department or principal.department_code

    def records():
        batch: list[Any] = []
        for record in repo.iter_matching(session, scoped):
            batch.append(record)
            if len(batch) == 1000:
                yield from _export_values(session, kind, batch, department)
                batch = []
        yield from _export_values(session, kind, batch, department)

    return write_sheet(kind, records(), title=KIND_TITLES[kind])


def _export_values(session: Session, kind: str, batch: list[Any], department: str | None):
    memberships = {}
    if kind == "targets" and department and batch:
        memberships = repo.target_memberships(session, target_ids=[r.id for r in batch], department_code=department)
    for record in batch:
        codes = memberships.get(record.id, {}).get(department, []) if kind == "targets" else None
        yield flow.record_values(kind, record, codes)


def template_sheet(kind: str) -> bytes:
    """An empty import template with the Chinese headers (required ones highlighted, hints as comments)."""
    return write_sheet(kind, [], title=KIND_TITLES[kind])
