"""User accounts page: the office lists and creates users; auditors read the list.

Rules (office only, department must exist, password policy, unique names)
are enforced in `coordinator.workflow.user`; refused input re-shows the
form with the reason in Chinese and nothing saved.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from coordinator.domain.errors import DomainError, Forbidden
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.repos import department as department_repo
from coordinator.workflow import user as user_flow
from web.deps import get_session, require_principal
from web.templating import render

pages = APIRouter(include_in_schema=False)

EMPTY_FORM = {
    "username": "",
    "display_name": "",
    "role": Role.DEPARTMENT_OPERATOR.value,
    "department_code": "",
}


def _page(request: Request, session: Session, principal: Principal, **extra):
    context = {
        "users": user_flow.list_users_as(session, principal=principal),
        "departments": {d.code: d for d in department_repo.list_departments(session)},
        "roles": list(Role),
        "can_create": principal.role is Role.OFFICE_ADMIN,
        "form": EMPTY_FORM,
        "created": request.query_params.get("created", ""),
    }
    context.update(extra)
    status_code = context.pop("status_code", 200)
    return render(request, "user/list.html", context, status_code=status_code)


@pages.get("/users")
def user_list(
    request: Request,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    return _page(request, session, principal)


@pages.post("/users")
def user_create(
    request: Request,
    username: str = Form(""),
    display_name: str = Form(""),
    role: str = Form(""),
    department_code: str = Form(""),
    password: str = Form(""),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    try:
        user = user_flow.create_user_as(
            session,
            principal=principal,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            department_code=department_code or None,
        )
    except Forbidden:
        raise
    except DomainError as error:
        session.rollback()
        form = {
            "username": username,
            "display_name": display_name,
            "role": role,
            "department_code": department_code,
        }
        return _page(
            request, session, principal, form=form, error=error.message_zh, status_code=error.status_code
        )
    return RedirectResponse(f"/users?created={user.username}", status_code=303)
