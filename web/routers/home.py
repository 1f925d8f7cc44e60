"""The home page: one workbench per role."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from sqlmodel import Session

from coordinator.domain.roles import Role
from coordinator.persistence.models.user import User
from coordinator.persistence.repos import department as department_repo
from web.deps import get_session, require_user
from web.templating import render

router = APIRouter(include_in_schema=False)

HOME_TEMPLATES = {
    Role.OFFICE_ADMIN: ("home/office.html", "联合办公室工作台"),
    Role.DEPARTMENT_OPERATOR: ("home/department.html", "部门工作台"),
    Role.INSPECTOR: ("home/inspector.html", "我的检查"),
    Role.AUDITOR: ("home/auditor.html", "审计查询"),
}


@router.get("/")
def home(
    request: Request, user: User = Depends(require_user), session: Session = Depends(get_session)
):
    template, heading = HOME_TEMPLATES[Role(user.role)]
    department = (
        department_repo.get_department(session, code=user.department_code)
        if user.department_code
        else None
    )
    return render(request, template, {"heading": heading, "department": department})
