"""Turning refusals into responses: Chinese pages for people, English + Chinese JSON for programs.

`DomainError` subclasses carry their HTTP status (`NotFound` 404, `Forbidden`
403, `Conflict` 409, others 400). A request wants JSON when its path is under
`/api/` or `/healthz`, or it asks for JSON and not HTML. A page that needs a
login redirects to `/login?next=...` instead of showing 401.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from coordinator.domain.errors import DomainError, NotAuthenticated
from solver.calendar import UnknownCalendarYear
from web.templating import render

log = logging.getLogger(__name__)

STATUS_TEXT_ZH = {
    400: "请求无效",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持该请求方法",
    409: "操作冲突",
    422: "提交的内容有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂不可用",
}


def wants_json(request: Request) -> bool:
    """Whether to answer this request with JSON rather than an HTML page."""
    path = request.url.path
    if path.startswith("/api/") or path == "/healthz":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _error_response(request: Request, status: int, message: str, message_zh: str, error: str):
    if wants_json(request):
        body = {"detail": message, "detail_zh": message_zh, "error": error}
        return JSONResponse(body, status_code=status)
    context = {
        "status_code": status,
        "heading": STATUS_TEXT_ZH.get(status, "出错了"),
        "message_zh": message_zh,
    }
    return render(request, "errors/error.html", context, status_code=status)


async def domain_error(request: Request, exc: DomainError):
    if isinstance(exc, NotAuthenticated) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = f"/login?next={quote(target, safe='/')}"
        if request.headers.get("hx-request"):
            # htmx would swap the login page into a fragment; make it load the page instead.
            return Response(status_code=401, headers={"HX-Redirect": login})
        return RedirectResponse(login, status_code=303)
    if exc.status_code >= 400:
        log.info("refused %s %s: %s", request.method, request.url.path, exc.message)
    return _error_response(
        request, exc.status_code, exc.message, exc.message_zh, type(exc).__name__
    )


async def http_error(request: Request, exc: StarletteHTTPException):
    status = exc.status_code
    zh = STATUS_TEXT_ZH.get(status, "出错了")
    if status == 404:
        zh = "您要找的页面不存在，请检查地址是否正确。"
    elif status == 403:
        zh = "您没有权限访问该页面。"
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    response = _error_response(request, status, detail, zh, "HTTPException")
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def validation_error(request: Request, exc: RequestValidationError):
    if wants_json(request):
        body = {
            "detail": "request validation failed",
            "detail_zh": "请求参数无效",
            "error": "RequestValidationError",
            "errors": [
                {"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()
            ],
        }
        return JSONResponse(body, status_code=422)
    return _error_response(request, 400, "invalid request", "提交的内容不完整或格式有误，请检查后重试。", "RequestValidationError")


async def unknown_calendar_year(request: Request, exc: UnknownCalendarYear):
    # A deadline or working-day question in a year the office has not entered: say which year.
    log.info("refused %s %s: %s", request.method, request.url.path, exc)
    message_zh = f"{exc.year}年的工作日安排尚未录入，请联合办公室先在“工作日历”中录入该年的节假日和调休安排。"
    return _error_response(request, 409, str(exc), message_zh, "UnknownCalendarYear")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(UnknownCalendarYear, unknown_calendar_year)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
