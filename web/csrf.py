"""CSRF protection for every state-changing request.

Each session carries a random token (created on first use). A POST, PUT,
PATCH or DELETE must echo it, in the form field `csrf_token` (every form
renders `{{ csrf_field() }}`) or in the `X-CSRF-Token` header (htmx sends it
from `hx-headers` on <body>; API clients read it from `GET /api/me`).
Otherwise the request is refused with 403 before any handler runs. The
session cookie is also SameSite=Lax, so this is the second line of defence.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from coordinator.domain.errors import Forbidden

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(Forbidden):
    def __init__(self) -> None:
        super().__init__(
            "CSRF token missing or invalid",
            message_zh="安全校验失败（表单已过期或来源不明），请刷新页面后重试",
        )


def csrf_token(request: Request) -> str:
    """This session's token, created when the session has none."""
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def rotate_csrf_token(request: Request) -> str:
    """A fresh token (after login, so a token seen before login is worthless)."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)
    return request.session[SESSION_KEY]


async def _submitted_token(request: Request) -> str:
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(FORM_TYPES):
        # Starlette caches the parsed form, so the endpoint reads it again for free.
        form = await request.form()
        value = form.get(FORM_FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuse an unsafe request without this session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(SESSION_KEY)
    submitted = await _submitted_token(request)
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise CsrfRejected()
