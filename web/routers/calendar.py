"""Working-day calendar pages and API: view a year, enter a new year, correct a day.

Every logged-in user may look; only the office (联合办公室) may change it.
The rules and the transaction are in `coordinator.workflow.calendar`; a year
the table does not know is a 404 that names the year and, for the office,
opens the form to enter it.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from sqlmodel import Session

from coordinator import clock
from coordinator.domain.calendar import CalendarInputInvalid, parse_day_list
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.models.calendar_day import CalendarDay
from coordinator.workflow import calendar as calendar_flow
from solver.calendar import UnknownCalendarYear
from web.deps import get_session, require_principal, require_roles
from web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/calendar", tags=["calendar"])
require_office = require_roles(Role.OFFICE_ADMIN)

WEEKDAY_LABELS = ("一", "二", "三", "四", "五", "六", "日")


def _month_grid(year: int, days: dict[dt.date, CalendarDay]) -> list[dict]:
    """Twelve months of weeks (Monday first); each cell a day with its kind, or None."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in month_calendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                row = days.get(day) if day.month == month else None
                cells.append(None if row is None else {"day": day, "kind": _kind(row), "row": row})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


def _kind(row: CalendarDay) -> str:
    weekend = row.date.weekday() >= 5
    if row.is_workday:
        return "makeup" if weekend else "work"
    return "weekend" if weekend else "holiday"


def _index_context(session: Session, principal: Principal, **extra) -> dict:
    years = calendar_flow.known_years(session)
    next_year = (years[-1] + 1) if years else clock.today_local().year
    form = {"year": next_year, "holidays": "", "workdays": "", "note": ""}
    form.update(extra.pop("form", {}))
    return {
        "years": years,
        "can_edit": principal.role is Role.OFFICE_ADMIN,
        "form": form,
        "errors": [],
        "day_form": {"date": "", "kind": "rest", "note": ""},
        "day_errors": [],
        **extra,
    }


@pages.get("/calendar")
def calendar_index(
    request: Request,
    year: int | None = Query(None, description="prefill the new-year form"),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    extra = {"form": {"year": year}} if year else {}
    return render(request, "calendar/index.html", _index_context(session, principal, **extra))


@pages.get("/calendar/{year}")
def calendar_year(
    request: Request,
    year: int,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        days = calendar_flow.year_days(session, year)
    except UnknownCalendarYear as exc:
        context = {"year": year, "message": str(exc), "can_edit": principal.role is Role.OFFICE_ADMIN}
        return render(request, "calendar/unknown_year.html", context, status_code=404)
    by_date = {row.date: row for row in days}
    context = {
        "year": year,
        "months": _month_grid(year, by_date),
        "weekday_labels": WEEKDAY_LABELS,
        "rest_days": [r for r in days if not r.is_workday and r.date.weekday() < 5],
        "makeup_days": [r for r in days if r.is_workday and r.date.weekday() >= 5],
        "working_count": sum(1 for r in days if r.is_workday),
        "day_count": len(days),
        "sources": sorted({r.source for r in days}),
        "can_edit": principal.role is Role.OFFICE_ADMIN,
        "saved": request.query_params.get("saved") == "1",
    }
    return render(request, "calendar/year.html", context)


@pages.post("/calendar/years")
def calendar_set_year(
    request: Request,
    year: int = Form(...),
    holidays: str = Form(""),
    workdays: str = Form(""),
    note: str = Form(""),
    principal: Principal = Depends(require_office),
    session: Session = Depends(get_session),
):
    try:
        rest = parse_day_list(holidays, label="holidays")
        work = parse_day_list(workdays, label="workdays")
        calendar_flow.set_year(session, year, rest, work, principal.username, note)
    except CalendarInputInvalid as exc:
        form = {"year": year, "holidays": holidays, "workdays": workdays, "note": note}
        context = _index_context(session, principal, form=form, errors=exc.problems_zh)
        return render(request, "calendar/index.html", context, status_code=400)
    return RedirectResponse(f"/calendar/{year}?saved=1", status_code=303)


@pages.post("/calendar/days")
def calendar_override_day(
    request: Request,
    date: str = Form(...),
    kind: str = Form(...),
    note: str = Form(""),
    principal: Principal = Depends(require_office),
    session: Session = Depends(get_session),
):
    day_form = {"date": date, "kind": kind, "note": note}
    try:
        days = parse_day_list(date, label="date")
        if len(days) != 1 or kind not in ("rest", "work"):
            raise CalendarInputInvalid(
                ["give exactly one date and a kind (rest or work)"],
                ["请填写一个日期（YYYY-MM-DD），并选择休息或上班"],
            )
        row = calendar_flow.override_day(
            session, days[0], is_workday=kind == "work", actor=principal.username, note=note
        )
    except CalendarInputInvalid as exc:
        problems = exc.problems_zh
    except UnknownCalendarYear as exc:
        problems = [f"日历中没有 {exc.year} 年的安排，请先录入该年的全年安排"]
    else:
        return RedirectResponse(f"/calendar/{row.date.year}?saved=1", status_code=303)
    context = _index_context(session, principal, day_form=day_form, day_errors=problems)
    return render(request, "calendar/index.html", context, status_code=400)


class CalendarYearOut(BaseModel):
    year: int
    working_days: int
    rest_days_on_weekdays: list[dt.date]
    makeup_workdays: list[dt.date]
    sources: list[str]


class ComputedDate(BaseModel):
    start: dt.date
    count: int
    result: dt.date


def _unknown_year(exc: UnknownCalendarYear) -> JSONResponse:
    body = {
        "detail": str(exc),
        "detail_zh": f"日历中没有 {exc.year} 年的安排，请联合办公室先录入",
        "error": "UnknownCalendarYear",
        "year": exc.year,
    }
    return JSONResponse(body, status_code=404)


@api.get(
    "/{year}",
    response_model=CalendarYearOut,
    summary="A year's rest days and make-up workdays",
    responses={404: {"description": "The calendar does not know this year"}},
)
def api_year(
    year: int,
    _: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        days = calendar_flow.year_days(session, year)
    except UnknownCalendarYear as exc:
        return _unknown_year(exc)
    return CalendarYearOut(
        year=year,
        working_days=sum(1 for r in days if r.is_workday),
        rest_days_on_weekdays=[r.date for r in days if not r.is_workday and r.date.weekday() < 5],
        makeup_workdays=[r.date for r in days if r.is_workday and r.date.weekday() >= 5],
        sources=sorted({r.source for r in days}),
    )


@api.get("/compute/add-working-days", response_model=ComputedDate,
         summary="The count-th working day after start (start not counted)",
         responses={404: {"description": "The calendar does not know a year on the way"}})
def api_add_working_days(
    start: dt.date,
    count: int = Query(..., ge=0, le=3660),
    _: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        result = calendar_flow.load_calendar(session).add_working_days(start, count)
    except UnknownCalendarYear as exc:
        return _unknown_year(exc)
    return ComputedDate(start=start, count=count, result=result)


@api.get("/compute/period-end", response_model=ComputedDate,
         summary="start + count calendar days, moved to the next working day if a rest day",
         responses={404: {"description": "The calendar does not know a year on the way"}})
def api_period_end(
    start: dt.date,
    count: int = Query(..., ge=0, le=3660),
    _: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        result = calendar_flow.load_calendar(session).period_end(start, count)
    except UnknownCalendarYear as exc:
        return _unknown_year(exc)
    return ComputedDate(start=start, count=count, result=result)
