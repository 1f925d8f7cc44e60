"""Departments: the list and one department's page with its users; the same as JSON.

Scoping is enforced in `coordinator.workflow.user` (a department operator
gets 403 for another department); the office may disable or re-enable users
from the department page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlmodel import Session

from coordinator.domain.roles import Principal, Role
from coordinator.persistence.models.department import DepartmentRead
from coordinator.persistence.models.user import UserRead
from coordinator.workflow import user as user_flow
from web.csrf import csrf_token
from web.deps import get_session, require_principal
from web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["departments"])


class DepartmentDetail(DepartmentRead):
    users: list[UserRead]


class Me(BaseModel):
    username: str
    display_name: str
    role: Role
    department_code: str | None
    csrf_token: str


@pages.get("/departments")
def department_list(
    request: Request,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    departments = user_flow.list_visible_departments(session, principal=principal)
    return render(request, "department/list.html", {"departments": departments})


@pages.get("/departments/{code}")
def department_page(
    request: Request,
    code: str,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    department, users = user_flow.department_with_users(session, principal=principal, code=code)
    context = {
        "department": department,
        "users": users,
        "can_manage_users": principal.role is Role.OFFICE_ADMIN,
    }
    return render(request, "department/detail.html", context)


@pages.post("/users/{username}/active")
def set_user_active(
    username: str,
    active: bool = Form(...),
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    user = user_flow.set_active_as(session, principal=principal, username=username, active=active)
    target = f"/departments/{user.department_code}" if user.department_code else "/departments"
    return RedirectResponse(target, status_code=303)


@api.get("/me", response_model=Me, summary="The logged-in user and its CSRF token")
def me(request: Request, principal: Principal = Depends(require_principal)) -> Me:
    user = request.state.user
    return Me(
        username=user.username,
        display_name=user.display_name,
        role=principal.role,
        department_code=user.department_code,
        csrf_token=csrf_token(request),
    )


@api.get("/departments", response_model=list[DepartmentRead], summary="Departments visible to me")
def api_departments(
    principal: Principal = Depends(require_principal), session: Session = Depends(get_session)
):
    return user_flow.list_visible_departments(session, principal=principal)


@api.get(
    "/departments/{code}",
    response_model=DepartmentDetail,
    summary="One department and its users",
    responses={403: {"description": "Another department's data"}, 404: {"description": "No such department"}},
)
def api_department(
    code: str,
    principal: Principal = Depends(require_principal),
    session: Session = Depends(get_session),
):
    department, users = user_flow.department_with_users(session, principal=principal, code=code)
    return DepartmentDetail(
        **DepartmentRead.model_validate(department, from_attributes=True).model_dump(),
        users=[UserRead.model_validate(u, from_attributes=True) for u in users],
    )
