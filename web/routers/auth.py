"""Login and logout pages.

A successful login replaces the whole session (new CSRF token, user id and a
stamp of the password hash) and redirects to a local `next` address only.
Failures and the rate-limit lock re-show the form with the reason in Chinese.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from coordinator.domain.errors import DomainError
from coordinator.persistence.models.user import User
from coordinator.workflow.auth import authenticate
from web.csrf import rotate_csrf_token
from web.deps import SESSION_PASSWORD_STAMP, SESSION_USER_ID, current_user, get_session, password_stamp
from web.templating import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else the home page (no open redirects)."""
    # "//host" and "/\\host" are read by browsers as another site.
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return "/"
    return target


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_page(request: Request, next: str = "/", user: User | None = Depends(current_user)):
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": safe_next(next), "username": ""})


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    session: Session = Depends(get_session),
):
    try:
        user = authenticate(session, username=username, password=password, ip=client_ip(request))
    except DomainError as error:
        context = {"next": safe_next(next), "username": username, "error": error.message_zh}
        return render(request, "auth/login.html", context, status_code=error.status_code)
    request.session.clear()
    request.session[SESSION_USER_ID] = user.id
    request.session[SESSION_PASSWORD_STAMP] = password_stamp(user)
    rotate_csrf_token(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
