"""Registry import and export pages: template download, upload → preview → confirm, export.

An upload is read and checked in full before anything is written; the page
then shows the rows to add, change (field by field) and leave alone, and the
upload waits under a token until the operator confirms. A refused file shows
every problem (row, column, value, reason) and offers them as .xlsx. Exports
follow the list page's filters and the viewer's scope.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from coordinator.domain.errors import Forbidden
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, KIND_LABELS
from coordinator.domain.roles import Principal
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_import as importer
from coordinator.workflow import registry_jobs as jobs
from coordinator.workflow.registry_files import MAX_IMPORT_BYTES, ImportRejected, write_problems
from web.deps import get_session, require_principal
from web.routers.registry_view import list_query
from web.templating import render

pages = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


def _kind(kind: str) -> str:
    if kind not in flow.KINDS:
        raise flow.RecordNotFound("targets", kind)
    return kind


def xlsx_response(data: bytes, filename: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


@pages.get("/registry/{kind}/template.xlsx")
def template_download(kind: str, _: Principal = Depends(require_principal)):
    kind = _kind(kind)
    return xlsx_response(importer.template_sheet(kind), f"{KIND_LABELS[kind]}导入模板.xlsx")


@pages.get("/registry/{kind}/export.xlsx")
def export_download(
    request: Request, kind: str, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    query = list_query(request, _kind(kind), 1)
    data = importer.export_sheet(session, principal=principal, query=query)
    return xlsx_response(data, f"{KIND_LABELS[kind]}导出.xlsx")


def _upload_context(session, principal, kind: str, **extra):
    departments = flow.writable_departments(session, principal=principal)
    if not departments:
        raise Forbidden("may not import", message_zh="您只有查看权限，不能导入")
    return {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "departments": departments,
        "department": extra.pop("department", "") or departments[0].code,
        "max_mb": MAX_IMPORT_BYTES // 1024 // 1024,
        "problems": [],
        **extra,
    }


@pages.get("/registry/{kind}/import")
def import_form(
    request: Request, kind: str, principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    return render(request, "registry/import.html", _upload_context(session, principal, _kind(kind)))


def _refused(request, session, principal, kind: str, department: str, exc: ImportRejected):
    session.rollback()
    token = importer.stash_report(principal=principal, data=write_problems(exc.problems))
    context = _upload_context(session, principal, kind, department=department, problems=exc.problems, report_token=token)
    return render(request, "registry/import.html", context, status_code=400)


@pages.post("/registry/{kind}/import")
async def import_upload(
    request: Request,
    kind: str,
    file: UploadFile = File(...),
    department: str = Form(""),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    kind = _kind(kind)
    data = await file.read(MAX_IMPORT_BYTES + 1)
    filename = file.filename or "upload"
    try:
        preview = importer.preview_import(
            session, principal=principal, kind=kind, department_code=department or None, filename=filename, data=data
        )
    except ImportRejected as exc:
        return _refused(request, session, principal, kind, department, exc)
    token = importer.stash_upload(principal=principal, kind=kind, department_code=preview.department_code, filename=filename, data=data)
    context = {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "filename": filename,
        "department": preview.department_code,
        "department_name": preview.department_code,
        "preview": preview,
        "token": token,
        "shown": PREVIEW_ROWS,
        "key_header": next(c.header for c in COLUMNS[kind] if c.field == KEY_FIELD[kind]),
    }
    return render(request, "registry/preview.html", context)


@pages.post("/registry/{kind}/import/confirm")
def import_confirm(
    request: Request,
    kind: str,
    token: str = Form(...),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    kind = _kind(kind)
    meta, data = importer.load_upload(principal=principal, kind=kind, token=token)
    if len(data) > jobs.JOB_THRESHOLD_BYTES:
        jobs.start_job(request.app.state.session_factory, principal=principal, kind=kind, token=token)
        return RedirectResponse(f"/registry/{kind}/import/job/{token}", status_code=303)
    try:
        result = importer.apply_import(
            session, principal=principal, kind=kind, department_code=meta["department"], filename=meta["filename"], data=data
        )
    except ImportRejected as exc:
        return _refused(request, session, principal, kind, meta["department"], exc)
    importer.discard_upload(token)
    context = {"kind": kind, "kind_label": KIND_LABELS[kind], "result": result, "department": meta["department"]}
    return render(request, "registry/imported.html", context)


@pages.get("/registry/{kind}/import/report/{token}.xlsx")
def import_report(kind: str, token: str, principal: Principal = Depends(require_principal)):
    return xlsx_response(importer.load_report(principal=principal, token=token), "导入错误报告.xlsx")


@pages.get("/registry/{kind}/import/job/{token}")
def import_job_page(request: Request, kind: str, token: str, principal: Principal = Depends(require_principal)):
    status = jobs.job_status(principal=principal, token=token)
    context = {"kind": _kind(kind), "kind_label": KIND_LABELS[kind], "token": token, "status": status}
    return render(request, "registry/job.html", context)


@pages.get("/registry/{kind}/import/job/{token}/progress")
def import_job_progress(request: Request, kind: str, token: str, principal: Principal = Depends(require_principal)):
    """The progress block alone (htmx polls it every second until the job ends)."""
    status = jobs.job_status(principal=principal, token=token)
    context = {"kind": _kind(kind), "kind_label": KIND_LABELS[kind], "token": token, "status": status}
    return render(request, "registry/_job_progress.html", context)
