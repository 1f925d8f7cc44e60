"""Annual plan pages (年度抽查计划) and the public page of published plans and item lists.

`/plans`: a department files its plan (one item per line); the office
combines the departments' plans into the joint plan (联合抽查计划) and
publishes it. `/public/plans` needs no login and shows every published
revision with the departments' published item lists frozen at publication.
"""

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from coordinator import clock
from coordinator.domain.annual_plan import plan_lines
from coordinator.domain.registry import RegistryInvalid
from coordinator.domain.roles import Principal, Role
from coordinator.workflow import annual_plan as plan_flow
from coordinator.workflow import registry as flow
from web.deps import get_session, require_principal
from web.templating import render

pages = APIRouter(include_in_schema=False)
STATE_LABELS = {"filed": "已报送", "draft": "待发布", "published": "已发布"}


def _context(session, principal: Principal, year: int, **extra):
    view = plan_flow.year_view(session, principal=principal, year=year)
    departments = flow.writable_departments(session, principal=principal)
    latest = {}
    for plan in view.department_plans:
        latest.setdefault(plan.scope, plan)
    mine = latest.get(principal.department_code or "")
    return {
        "year": year,
        "view": view,
        "latest": [latest[k] for k in sorted(latest)],
        "state_labels": STATE_LABELS,
        "departments": departments,
        "is_office": principal.role is Role.OFFICE_ADMIN,
        "text": plan_lines(mine.entries) if mine else "",
        "errors": [],
        **extra,
    }


@pages.get("/plans")
def plans_page(
    request: Request,
    year: int = Query(0, ge=0, le=2100),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    year = year or clock.today_local().year
    return render(request, "registry/plans.html", _context(session, principal, year))


@pages.post("/plans/file")
def plans_file(
    request: Request,
    year: int = Form(...),
    text: str = Form(""),
    note: str = Form(""),
    department: str = Form(""),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        plan_flow.file_plan(session, principal=principal, department_code=department or None, year=year, text=text, note=note)
    except RegistryInvalid as exc:
        session.rollback()
        context = _context(session, principal, year, text=text, errors=[e.message_zh for e in exc.errors])
        return render(request, "registry/plans.html", context, status_code=400)
    return RedirectResponse(f"/plans?year={year}", status_code=303)


@pages.post("/plans/combine")
def plans_combine(year: int = Form(...), principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    plan_flow.combine_joint_plan(session, principal=principal, year=year)
    return RedirectResponse(f"/plans?year={year}", status_code=303)


@pages.post("/plans/publish")
def plans_publish(year: int = Form(...), principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    plan_flow.publish_joint_plan(session, principal=principal, year=year)
    return RedirectResponse(f"/plans?year={year}", status_code=303)


@pages.get("/public/plans")
def public_plans(request: Request, session: Session = Depends(get_session)):
    plans = plan_flow.public_plans(session)
    return render(request, "registry/public_plans.html", {"plans": plans, "state_labels": STATE_LABELS})


api = APIRouter(prefix="/api/plans", tags=["annual plans"])


class PlanIn(BaseModel):
    lines: str = Field(description="One item per line: 事项编码|比例或数量|轮次|月份, e.g. SCJG-01|5%|2|3、9")
    note: str = ""


class PlanOut(BaseModel):
    scope: str
    year: int
    revision: int
    state: str
    entries: list[dict[str, Any]]
    published_at: dt.datetime | None = None


def _plan_out(plan) -> PlanOut:
    return PlanOut(scope=plan.scope, year=plan.year, revision=plan.revision, state=plan.state,
                   entries=plan.entries, published_at=plan.published_at)


@api.get("/{year}", response_model=list[PlanOut], summary="Plans of a year visible to me (every revision)")
def api_year(year: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    view = plan_flow.year_view(session, principal=principal, year=year)
    return [_plan_out(p) for p in view.department_plans + view.joint_plans]


@api.post("/{year}/department", response_model=PlanOut, status_code=201,
          summary="File (or revise) a department's plan", responses={422: {"description": "`errors` per line"}})
def api_file(year: int, body: PlanIn, department: str = "", principal: Principal = Depends(require_principal),
             session: Session = Depends(get_session)):
    try:
        plan = plan_flow.file_plan(session, principal=principal, department_code=department or None, year=year,
                                   text=body.lines, note=body.note)
    except RegistryInvalid as exc:
        session.rollback()
        errors = [{"field": e.field, "value": e.value, "message_zh": e.message_zh} for e in exc.errors]
        return JSONResponse({"detail": exc.message, "detail_zh": exc.message_zh, "errors": errors}, status_code=422)
    return _plan_out(plan)


@api.post("/{year}/joint/combine", response_model=PlanOut, status_code=201, summary="Combine department plans into a draft joint plan (office)")
def api_combine(year: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    return _plan_out(plan_flow.combine_joint_plan(session, principal=principal, year=year))


@api.post("/{year}/joint/publish", response_model=PlanOut, summary="Publish the latest draft joint plan (office)")
def api_publish(year: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)):
    return _plan_out(plan_flow.publish_joint_plan(session, principal=principal, year=year))


public_api = APIRouter(prefix="/api/public", tags=["public"])


@public_api.get("/plans", response_model=list[PlanOut], summary="Published joint plans, every revision (no login)")
def api_public_plans(session: Session = Depends(get_session)):
    return [_plan_out(p) for p in plan_flow.public_plans(session)]
