"""Registry pages (一单两库): list with search, filters and pages; a record with its history; forms.

One set of pages serves the three registries (`/registry/targets`,
`/registry/inspectors`, `/registry/items`); the columns come from
`coordinator.domain.registry_columns`. Scoping and validation happen in
`coordinator.workflow.registry`; a refused form is shown again with the
Chinese message under each field (HTTP 400).
"""

from __future__ import annotations

import enum
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from coordinator.domain.errors import Forbidden
from coordinator.domain.registry import RegistryInvalid
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, KIND_LABELS, label_of
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.repos.registry_query import ListQuery, row_key
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_inspector as inspector_flow
from web.deps import get_session, require_principal
from web.routers import registry_view as view
from web.routers.registry_view import FILTERS, list_query
from web.routers.registry_import import pages as import_pages
from web.templating import render

pages = APIRouter(include_in_schema=False)
# Import, export and template routes first: "/registry/{kind}/import" must not be read as a record key.
pages.include_router(import_pages)


class RegistryKind(enum.StrEnum):
    targets = "targets"
    inspectors = "inspectors"
    items = "items"


SEARCH_HINTS = {"targets": "统一社会信用代码开头或名称", "inspectors": "执法证号开头或姓名", "items": "事项编码开头或名称"}
INTROS = {
    "targets": "本部门抽查事项名录中的检查对象；注销、吊销、撤销、迁出的对象不再进入抽查范围，但保留检查记录。",
    "inspectors": "具备行政执法资格的检查人员，含资格标签、执法证有效期和可任组长情况。",
    "items": "本部门的行政检查事项；纳入随机抽查的事项经法制审核后发布。",
}


def _link(kind: str, query: ListQuery, page: int, **cursor: str) -> str:
    """A page link; `after`/`before` (a row's key) let the next page seek instead of counting rows."""
    params = {"q": query.q, "department": query.department, **query.filters, "page": page, **cursor}
    return f"/registry/{kind}?" + urlencode({k: v for k, v in params.items() if v})


def _previous_link(kind: str, query: ListQuery, result) -> str | None:
    if result.page <= 1:
        return None
    if result.page == 2 or not result.rows:
        return _link(kind, query, result.page - 1)
    return _link(kind, query, result.page - 1, before=row_key(kind, result.rows[0]))


def _next_link(kind: str, query: ListQuery, result) -> str | None:
    if result.page >= result.pages or not result.rows:
        return None
    return _link(kind, query, result.page + 1, after=row_key(kind, result.rows[-1]))


@pages.get("/registry/{kind}")
def registry_list(
    request: Request,
    kind: RegistryKind,
    page: int = Query(1, ge=1, le=100_000),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    query = list_query(request, kind.value, page)
    result = flow.list_records(session, principal=principal, query=query)
    departments = flow.visible_departments(session, principal=principal)
    names = {d.code: d.name for d in departments}
    context = {
        "kind": kind.value,
        "kind_label": KIND_LABELS[kind.value],
        "intro": INTROS[kind.value],
        "search_hint": SEARCH_HINTS[kind.value],
        "filters": {"q": query.q, "department": query.department, **query.filters},
        "filter_fields": [{"name": n, "label": label, "choices": c} for n, label, c in FILTERS[kind.value]],
        "departments": departments,
        "headers": view.LIST_HEADERS[kind.value],
        "page": {
            "rows": [view.list_row(kind.value, r, names) for r in result.rows],
            "total_text": f"{result.total:,}" + ("" if result.total_exact else "+"),
            "page": result.page,
            "pages": result.pages,
        },
        "can_write": bool(flow.writable_departments(session, principal=principal)),
        "query_string": urlencode({k: v for k, v in {"q": query.q, "department": query.department, **query.filters}.items() if v}),
        "previous_link": _previous_link(kind.value, query, result),
        "next_link": _next_link(kind.value, query, result),
    }
    if kind is RegistryKind.items:
        on_list, total = flow.random_list_coverage(session, principal=principal, department_code=query.department)
        context["coverage"] = {"on_list": on_list, "total": total, "percent": round(100 * on_list / total) if total else 0}
    return render(request, "registry/list.html", context)


def _form_context(session, principal, kind: str, *, values, errors=(), key: str | None = None, department: str = ""):
    field_errors: dict[str, list[str]] = {}
    for error in errors:
        field_errors.setdefault(error.field, []).append(error.message_zh)
    departments = flow.writable_departments(session, principal=principal)
    show_departments = principal.role is Role.OFFICE_ADMIN and (kind == "targets" or key is None)
    return {
        "kind": kind,
        "heading": f"修改{KIND_LABELS[kind]}" if key else f"新增{KIND_LABELS[kind]}",
        "action": f"/registry/{kind}/{key}/edit" if key else f"/registry/{kind}/new",
        "cancel_href": f"/registry/{kind}/{key}" if key else f"/registry/{kind}",
        "columns": COLUMNS[kind],
        "key_field": KEY_FIELD[kind],
        "locked_key": key is not None,
        "values": {**values, "department": department},
        "errors": list(errors),
        "field_errors": field_errors,
        "general_errors": [e.message_zh for e in errors if e.field not in {c.field for c in COLUMNS[kind]}],
        "department_choices": departments if show_departments else [],
    }


async def _form_data(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@pages.get("/registry/{kind}/new")
def registry_new(
    request: Request, kind: RegistryKind, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    departments = flow.writable_departments(session, principal=principal)
    if not departments:
        raise Forbidden("may not create registry records", message_zh="您只有查看权限，不能新增")
    values = view.form_defaults(kind.value)
    context = _form_context(session, principal, kind.value, values=values, department=departments[0].code)
    return render(request, "registry/form.html", context)


@pages.post("/registry/{kind}/new")
async def registry_create(
    request: Request, kind: RegistryKind, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    raw = await _form_data(request)
    department = raw.pop("department", "") or None
    try:
        flow.create_record(session, principal=principal, kind=kind.value, raw=raw, department_code=department)
    except RegistryInvalid as exc:
        session.rollback()
        context = _form_context(session, principal, kind.value, values=raw, errors=exc.errors, department=department or "")
        return render(request, "registry/form.html", context, status_code=400)
    key = raw.get(KEY_FIELD[kind.value], "").strip()
    return RedirectResponse(f"/registry/{kind.value}/{key}", status_code=303)


@pages.get("/registry/{kind}/{key}")
def registry_detail(
    request: Request,
    kind: RegistryKind,
    key: str,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    context = view.detail_context(session, principal, kind.value, key)
    return render(request, "registry/detail.html", context)


@pages.get("/registry/{kind}/{key}/edit")
def registry_edit(
    request: Request,
    kind: RegistryKind,
    key: str,
    department: str = "",
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    record = flow.get_record(session, principal=principal, kind=kind.value, key=key, write=True)
    dept = department or principal.department_code or view.first_department(session, kind.value, record)
    values = flow.values_for(session, principal, kind.value, record, dept)
    texts = {c.field: label_of(c, values.get(c.field)) for c in COLUMNS[kind.value]}
    context = _form_context(session, principal, kind.value, values=texts, key=key, department=dept)
    return render(request, "registry/form.html", context)


@pages.post("/registry/{kind}/{key}/edit")
async def registry_update(
    request: Request,
    kind: RegistryKind,
    key: str,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    raw = await _form_data(request)
    department = raw.pop("department", "") or None
    try:
        flow.update_record(session, principal=principal, kind=kind.value, key=key, raw=raw, department_code=department)
    except RegistryInvalid as exc:
        session.rollback()
        context = _form_context(session, principal, kind.value, values={**raw, KEY_FIELD[kind.value]: key}, errors=exc.errors, key=key, department=department or "")
        return render(request, "registry/form.html", context, status_code=400)
    return RedirectResponse(f"/registry/{kind.value}/{key}", status_code=303)



@pages.post("/registry/inspectors/{key}/unavailable")
async def inspector_period_add(
    request: Request, key: str, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    raw = await _form_data(request)
    try:
        inspector_flow.add_unavailability(session, principal=principal, key=key, raw=raw)
    except RegistryInvalid as exc:
        session.rollback()
        context = view.detail_context(session, principal, "inspectors", key)
        context.update(period_values=raw, period_errors=[e.message_zh for e in exc.errors])
        return render(request, "registry/detail.html", context, status_code=400)
    return RedirectResponse(f"/registry/inspectors/{key}", status_code=303)


@pages.post("/registry/inspectors/{key}/unavailable/{period_id}/delete")
def inspector_period_remove(
    key: str, period_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    inspector_flow.remove_unavailability(session, principal=principal, key=key, period_id=period_id)
    return RedirectResponse(f"/registry/inspectors/{key}", status_code=303)


@pages.post("/registry/inspectors/{key}/conflicts")
async def inspector_conflict_add(
    request: Request, key: str, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    raw = await _form_data(request)
    try:
        inspector_flow.declare_conflict(session, principal=principal, key=key, raw=raw)
    except RegistryInvalid as exc:
        session.rollback()
        context = view.detail_context(session, principal, "inspectors", key)
        context.update(conflict_values=raw, conflict_errors=[e.message_zh for e in exc.errors])
        return render(request, "registry/detail.html", context, status_code=400)
    return RedirectResponse(f"/registry/inspectors/{key}", status_code=303)


@pages.post("/registry/inspectors/{key}/conflicts/{kind}/{conflict_id}/delete")
def inspector_conflict_remove(
    key: str, kind: str, conflict_id: int, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    inspector_flow.remove_conflict(session, principal=principal, key=key, kind=kind, conflict_id=conflict_id)
    return RedirectResponse(f"/registry/inspectors/{key}", status_code=303)
