"""「我的申报」: an inspector's own unavailability periods and conflicts of interest.

A page made for a phone (one column, date pickers, large buttons) and the
same operations under /api/me/*. The inspector is the one linked to the
logged-in account; the use cases (and their scoping, validation and audit
events) are those of `coordinator.workflow.registry_inspector`, so an
inspector never reaches another inspector's record or its own record's fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlmodel import Session

from coordinator.domain.registry import RegistryInvalid
from coordinator.domain.roles import Principal
from coordinator.workflow import registry_inspector as inspector_flow
from web.deps import get_session, require_principal
from web.routers import registry_api
from web.routers.registry_api import ConflictIn, Created, PeriodIn
from web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/me", tags=["my declarations"])
PAGE = "/my/declarations"
DECLARANTS = {"inspector": "本人", "department": "部门", "office": "联合办公室", "target": "检查对象"}


def _my_key(session: Session, principal: Principal) -> str:
    """The 执法证号 of the inspector record linked to the logged-in account (scoped in the workflow)."""
    return inspector_flow.my_inspector(session, principal=principal).certificate_no


def _conflict_rows(principal: Principal, mine: inspector_flow.Declarations) -> list[dict[str, Any]]:
    me = mine.inspector.certificate_no
    rows = [
        {"kind": "target", "id": c.id, "kind_label": "检查对象", "other": c.target_id, "reason": c.reason,
         "declarant_kind": c.declarant_kind,
         "declarant": DECLARANTS.get(c.declarant_kind, c.declarant_kind), "declared_by": c.declared_by,
         "declared_at": c.declared_at, "removable": inspector_flow.may_withdraw(principal, c)}
        for c in mine.target_conflicts
    ]
    rows += [
        {"kind": "inspector", "id": c.id, "kind_label": "检查人员",
         "other": c.inspector_b_id if c.inspector_a_id == me else c.inspector_a_id, "reason": c.reason,
         "declarant_kind": c.declarant_kind,
         "declarant": DECLARANTS.get(c.declarant_kind, c.declarant_kind), "declared_by": c.declared_by,
         "declared_at": c.declared_at, "removable": inspector_flow.may_withdraw(principal, c)}
        for c in mine.pair_conflicts
    ]
    return rows


def _field_errors(errors: list) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for error in errors:
        out.setdefault(error.field, []).append(error.message_zh)
    return out


def _render(request: Request, session: Session, principal: Principal, *, status_code: int = 200, **extra: Any):
    mine = inspector_flow.my_declarations(session, principal=principal)
    context = {
        "inspector": mine.inspector,
        "periods": mine.periods,
        "conflicts": _conflict_rows(principal, mine),
        "period_values": {}, "period_errors": {},
        "conflict_values": {}, "conflict_errors": {},
        **extra,
    }
    return render(request, "my/declarations.html", context, status_code=status_code)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


@pages.get(PAGE)
def my_page(request: Request, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    return _render(request, session, principal)


@pages.post(f"{PAGE}/unavailable")
async def my_period_add(request: Request, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    raw = await _form(request)
    key = _my_key(session, principal)
    try:
        inspector_flow.add_unavailability(session, principal=principal, key=key, raw=raw)
    except RegistryInvalid as exc:
        session.rollback()
        return _render(request, session, principal, status_code=400, period_values=raw, period_errors=_field_errors(exc.errors))
    return RedirectResponse(PAGE, status_code=303)


@pages.post(f"{PAGE}/unavailable/{{period_id}}/delete")
def my_period_remove(period_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    key = _my_key(session, principal)
    inspector_flow.remove_unavailability(session, principal=principal, key=key, period_id=period_id)
    return RedirectResponse(PAGE, status_code=303)


@pages.post(f"{PAGE}/conflicts")
async def my_conflict_add(request: Request, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    raw = await _form(request)
    key = _my_key(session, principal)
    try:
        inspector_flow.declare_conflict(session, principal=principal, key=key, raw=raw)
    except RegistryInvalid as exc:
        session.rollback()
        return _render(request, session, principal, status_code=400, conflict_values=raw, conflict_errors=_field_errors(exc.errors))
    return RedirectResponse(PAGE, status_code=303)


@pages.post(f"{PAGE}/conflicts/{{kind}}/{{conflict_id}}/delete")
def my_conflict_remove(kind: str, conflict_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    key = _my_key(session, principal)
    inspector_flow.remove_conflict(session, principal=principal, key=key, kind=kind, conflict_id=conflict_id)
    return RedirectResponse(PAGE, status_code=303)


class PeriodOut(BaseModel):
    id: int
    date_from: dt.date
    date_to: dt.date
    reason: str


class ConflictOut(BaseModel):
    """A conflict of mine (a pair conflict may have been declared by the other inspector)."""

    model_config = {"extra": "ignore"}

    id: int
    kind: str
    other: str
    reason: str
    declarant_kind: str
    declared_by: str
    declared_at: dt.datetime
    withdrawable: bool


class DeclarationsOut(BaseModel):
    certificate_no: str
    name: str
    department_code: str
    unavailable: list[PeriodOut]
    conflicts: list[ConflictOut]


@api.get("/declarations", response_model=DeclarationsOut, summary="My unavailability periods and declared conflicts (inspectors)",
         responses={403: {"description": "Not an inspector"}, 404: {"description": "Account not linked to an inspector record"}})
def my_declarations(principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    mine = inspector_flow.my_declarations(session, principal=principal)
    rows = _conflict_rows(principal, mine)
    return DeclarationsOut(
        certificate_no=mine.inspector.certificate_no, name=mine.inspector.name, department_code=mine.inspector.department_code,
        unavailable=[PeriodOut(id=p.id, date_from=p.from_date, date_to=p.to_date, reason=p.reason) for p in mine.periods],
        conflicts=[ConflictOut(withdrawable=r["removable"], **r) for r in rows],
    )


# The writes are the registry API's, on the caller's own record: same validation, scoping and audit.
@api.post("/unavailable", response_model=Created, status_code=201, summary="Declare a period I cannot inspect (both ends included)")
def my_add_period(body: PeriodIn, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    return registry_api.add_period(_my_key(session, principal), body, principal, session)


@api.delete("/unavailable/{period_id}", status_code=204, summary="Withdraw one of my unavailability periods")
def my_remove_period(period_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    registry_api.remove_period(_my_key(session, principal), period_id, principal, session)


@api.post("/conflicts", response_model=Created, status_code=201,
          summary="Declare my conflict of interest: kind 'target' (other = USCC) or 'inspector' (other = 执法证号)")
def my_add_conflict(body: ConflictIn, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    return registry_api.add_conflict(_my_key(session, principal), body, principal, session)


@api.delete("/conflicts/{kind}/{conflict_id}", status_code=204, summary="Withdraw a conflict I declared")
def my_remove_conflict(kind: str, conflict_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    registry_api.remove_conflict(_my_key(session, principal), kind, conflict_id, principal, session)
