"""Jinja2 templates and what every page gets: the user, its role, the CSRF token, the menu.

Routers call `render(request, "concept/page.html", {...})`. Templates extend
`base.html` and fill `title` and `content`; forms include `{{ csrf_field() }}`.
Times are stored in UTC and shown in Asia/Shanghai with the `local_time` filter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from coordinator.clock import to_local
from coordinator.domain.roles import ROLE_LABELS_ZH, Role
from web.csrf import FORM_FIELD, csrf_token

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str


# The registries (一单两库), owned by the registry pages (web/routers/registry.py).
REGISTRY_NAV = (
    NavItem("抽查事项", "/registry/items"),
    NavItem("检查对象", "/registry/targets"),
    NavItem("检查人员", "/registry/inspectors"),
    NavItem("年度计划", "/plans"),
)

# The menu per role; a link appears only where the role may go.
NAV_BY_ROLE: dict[Role, tuple[NavItem, ...]] = {
    Role.OFFICE_ADMIN: (
        NavItem("工作台", "/"),
        NavItem("部门", "/departments"),
        NavItem("账号", "/users"),
        *REGISTRY_NAV,
        NavItem("工作日历", "/calendar"),
        NavItem("审计日志", "/audit"),
        NavItem("接口文档", "/docs"),
    ),
    Role.DEPARTMENT_OPERATOR: (NavItem("部门工作台", "/"), NavItem("本部门", "/departments"), *REGISTRY_NAV),
    Role.INSPECTOR: (NavItem("我的检查", "/"), NavItem("我的申报", "/my/declarations")),
    Role.AUDITOR: (
        NavItem("审计查询", "/"),
        NavItem("部门", "/departments"),
        NavItem("账号", "/users"),
        *REGISTRY_NAV,
        NavItem("审计日志", "/audit"),
        NavItem("工作日历", "/calendar"),
    ),
}


def local_time(moment: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as Asia/Shanghai text ('' for None)."""
    return "" if moment is None else to_local(moment).strftime(fmt)


def _context(request: Request) -> dict[str, Any]:
    user = getattr(request.state, "user", None)
    role = Role(user.role) if user is not None else None
    token = csrf_token(request)
    return {
        "request": request,
        "current_user": user,
        "role": role,
        "role_label": ROLE_LABELS_ZH[role] if role else "",
        "nav_items": NAV_BY_ROLE.get(role, ()) if role else (),
        "csrf_token": token,
        "csrf_field": lambda: Markup(
            f'<input type="hidden" name="{FORM_FIELD}" value="{escape(token)}">'
        ),
        "current_path": request.url.path,
    }


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
):
    """Render a template with the common context (user, menu, CSRF token)."""
    merged = _context(request)
    merged.update(context or {})
    return templates.TemplateResponse(request, name, merged, status_code=status_code)


templates.env.filters["local_time"] = local_time
templates.env.globals["role_labels"] = ROLE_LABELS_ZH
