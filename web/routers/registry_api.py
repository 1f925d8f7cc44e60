"""JSON API of the registries under /api/registry/{targets,inspectors,items}, in OpenAPI.

The same use cases as the pages (`coordinator.workflow.registry`), so the
same validation and department scoping: another department's record is 404,
a write outside one's scope 403. Field values may be sent as text (exactly
as a form or a sheet cell), lists of text, booleans or integers. A refused
record answers 422 with `errors` (field, value, message_zh); a refused
import answers 422 with `problems` (row, column, value, reason).
"""


import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, create_model
from sqlmodel import Session

from coordinator.domain.registry import RegistryInvalid
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, KIND_LABELS
from coordinator.domain.roles import Principal
from coordinator.persistence.repos.registry_query import ListQuery
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_import as importer
from coordinator.workflow import registry_inspector as inspector_flow
from coordinator.workflow.registry_files import MAX_IMPORT_BYTES, ImportRejected
from web.deps import get_session, require_principal
from web.routers.registry_view import FILTERS

api = APIRouter(prefix="/api/registry", tags=["registry"])
FieldValue = str | list[str] | bool | int | None
NAMES = {"targets": "Target", "inspectors": "Inspector", "items": "Item"}


class FieldProblem(BaseModel):
    field: str
    value: str
    message_zh: str


class RowProblemOut(BaseModel):
    row: int
    column: str
    value: str
    reason: str


class ImportSummary(BaseModel):
    applied: bool
    added: int
    changed: int
    unchanged: int
    added_keys: list[str] = []
    changed_keys: list[str] = []


def _fields_model(kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {c.field: (FieldValue, None) for c in COLUMNS[kind]}
    return create_model(f"{NAMES[kind]}Fields", **fields)


def _record_model(kind: str) -> type[BaseModel]:
    fields: dict[str, Any] = {c.field: (Any, None) for c in COLUMNS[kind]}
    fields["department_code"] = (str | None, None)
    return create_model(f"{NAMES[kind]}Record", **fields)


def _text(value: FieldValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _out(session: Session, principal: Principal, kind: str, record: Any, department: str | None = None) -> dict[str, Any]:
    values = flow.values_for(session, principal, kind, record, department)
    out = {name: _json_value(value) for name, value in values.items()}
    out["department_code"] = getattr(record, "department_code", None) or department
    return out


def _invalid(exc: RegistryInvalid) -> JSONResponse:
    errors = [{"field": e.field, "value": e.value, "message_zh": e.message_zh} for e in exc.errors]
    return JSONResponse({"detail": exc.message, "detail_zh": exc.message_zh, "error": "RegistryInvalid", "errors": errors}, status_code=422)


def _rejected(exc: ImportRejected) -> JSONResponse:
    problems = [{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason} for p in exc.problems]
    return JSONResponse({"detail": exc.message, "detail_zh": exc.message_zh, "error": "ImportRejected", "problems": problems}, status_code=422)


def _register(kind: str) -> None:
    Fields, Record = _fields_model(kind), _record_model(kind)
    PageOut = create_model(f"{NAMES[kind]}Page", total=(int, ...), total_exact=(bool, True), page=(int, ...), pages=(int, ...), per_page=(int, ...), items=(list[Record], ...))
    label = KIND_LABELS[kind]
    filter_names = [name for name, _, _ in FILTERS[kind]]
    bad = {403: {"description": "Outside your department"}, 404: {"description": "No such record (or not visible)"},
           422: {"description": "Invalid fields: `errors` lists each with a Chinese message"}}

    @api.get(f"/{kind}", response_model=PageOut, summary=f"List {kind} ({label}) visible to me",
             description=f"Filters: q, department, {', '.join(filter_names)}. Deep pages: pass `after` (the last key "
             "of the previous page) or `before` (the first key of the next page) with `page` to seek instead of counting.")
    def list_endpoint(
        request: Request,
        page: int = Query(1, ge=1, le=100_000),
        per_page: int = Query(50, ge=1, le=500),
        principal: Principal = Depends(require_principal),
        session: Session = Depends(get_session),
    ):
        params = request.query_params
        query = ListQuery(kind=kind, department=params.get("department", ""), q=params.get("q", "")[:100],
                          filters={n: params.get(n, "") for n in filter_names}, page=page, per_page=per_page,
                          after=params.get("after", "")[:64], before=params.get("before", "")[:64])
        result = flow.list_records(session, principal=principal, query=query)
        department = query.department or principal.department_code
        items = [_out(session, principal, kind, r, department) for r in result.rows]
        return {"total": result.total, "total_exact": result.total_exact, "page": result.page, "pages": result.pages, "per_page": per_page, "items": items}

    @api.get(f"/{kind}/{{key}}", response_model=Record, summary=f"One {kind[:-1]} ({label})", responses=bad)
    def get_endpoint(key: str, department: str = "", principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
        record = flow.get_record(session, principal=principal, kind=kind, key=key)
        return _out(session, principal, kind, record, department or None)

    @api.post(f"/{kind}", response_model=Record, status_code=201, summary=f"Create a {kind[:-1]} ({label})", responses=bad)
    def create_endpoint(body: Fields, department: str = "", principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
        raw = {name: _text(value) for name, value in body.model_dump().items()}
        try:
            record = flow.create_record(session, principal=principal, kind=kind, raw=raw, department_code=department or None)
        except RegistryInvalid as exc:
            session.rollback()
            return _invalid(exc)
        return _out(session, principal, kind, record, department or None)

    @api.put(f"/{kind}/{{key}}", response_model=Record, summary=f"Change a {kind[:-1]} ({label}); the key stays", responses=bad)
    def update_endpoint(key: str, body: Fields, department: str = "", principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
        raw = {name: _text(value) for name, value in body.model_dump().items()}
        try:
            record = flow.update_record(session, principal=principal, kind=kind, key=key, raw=raw, department_code=department or None)
        except RegistryInvalid as exc:
            session.rollback()
            return _invalid(exc)
        return _out(session, principal, kind, record, department or None)

    @api.get(f"/{kind}/{{key}}/history", summary=f"Change history of a {kind[:-1]} (audit log)", responses=bad)
    def history_endpoint(key: str, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)) -> list[dict[str, Any]]:
        events = flow.record_history(session, principal=principal, kind=kind, key=key)
        return [{"seq": e.seq, "occurred_at": e.occurred_at, "actor": e.actor, "action": e.action, "payload": e.payload} for e in events]

    @api.post(f"/{kind}/import", response_model=ImportSummary, summary=f"Import {kind} from .xlsx/.csv (dry run unless confirm=true)",
              description=f"Columns as in the template ({', '.join(c.header for c in COLUMNS[kind])}); key: {KEY_FIELD[kind]}. "
              "All-or-nothing; a refused file answers 422 with `problems`.",
              responses={422: {"description": "Refused file: `problems` lists row, column, value, reason"}})
    async def import_endpoint(
        file: UploadFile = File(...),
        department: str = "",
        confirm: bool = False,
        principal: Principal = Depends(require_principal),
        session: Session = Depends(get_session),
    ):
        data = await file.read(MAX_IMPORT_BYTES + 1)
        args = {"principal": principal, "kind": kind, "department_code": department or None, "filename": file.filename or "upload", "data": data}
        try:
            if confirm:
                result = importer.apply_import(session, **args)
                return ImportSummary(applied=True, added=result.added, changed=result.changed, unchanged=result.unchanged)
            preview = importer.preview_import(session, **args)
        except ImportRejected as exc:
            session.rollback()
            return _rejected(exc)
        return ImportSummary(
            applied=False, added=len(preview.added), changed=len(preview.changed), unchanged=preview.unchanged,
            added_keys=[r.key for r in preview.added[:1000]], changed_keys=[r.key for r in preview.changed[:1000]],
        )


class PeriodIn(BaseModel):
    date_from: str
    date_to: str
    reason: str = ""


class ConflictIn(BaseModel):
    kind: str = "target"
    other: str
    reason: str


class Created(BaseModel):
    id: int


@api.post("/inspectors/{key}/unavailable", response_model=Created, status_code=201,
          summary="Record an unavailability period (both ends included)")
def add_period(key: str, body: PeriodIn, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    try:
        period = inspector_flow.add_unavailability(session, principal=principal, key=key, raw=body.model_dump())
    except RegistryInvalid as exc:
        session.rollback()
        return _invalid(exc)
    return Created(id=period.id)


@api.delete("/inspectors/{key}/unavailable/{period_id}", status_code=204, summary="Remove an unavailability period")
def remove_period(key: str, period_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    inspector_flow.remove_unavailability(session, principal=principal, key=key, period_id=period_id)


@api.post("/inspectors/{key}/conflicts", response_model=Created, status_code=201,
          summary="Declare a conflict of interest: kind 'target' (other = USCC) or 'inspector' (other = 执法证号)")
def add_conflict(key: str, body: ConflictIn, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    try:
        conflict = inspector_flow.declare_conflict(session, principal=principal, key=key, raw=body.model_dump())
    except RegistryInvalid as exc:
        session.rollback()
        return _invalid(exc)
    return Created(id=conflict.id)


@api.delete("/inspectors/{key}/conflicts/{kind}/{conflict_id}", status_code=204, summary="Withdraw a declared conflict")
def remove_conflict(key: str, kind: str, conflict_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    inspector_flow.remove_conflict(session, principal=principal, key=key, kind=kind, conflict_id=conflict_id)


for _kind in flow.KINDS:
    _register(_kind)

__all__ = ["FieldProblem", "RowProblemOut", "api"]
