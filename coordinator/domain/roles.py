"""Roles and the permission rules: who may read and write which records.

Pure rules, no database. The coordinator layer calls `require_department` /
`require_record` before it returns or changes a scoped record, so the web
templates are never the only guard.

- office admin (联合办公室): reads and writes everything;
- auditor (审计): reads everything, writes nothing;
- department operator (部门): reads and writes only its own department's records;
- inspector (执法检查人员): reads and writes only records assigned to itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from coordinator.domain.errors import DomainError, Forbidden, NotFound


class Role(enum.StrEnum):
    OFFICE_ADMIN = "office_admin"
    DEPARTMENT_OPERATOR = "department_operator"
    INSPECTOR = "inspector"
    AUDITOR = "auditor"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]


ROLE_LABELS_ZH = {
    Role.OFFICE_ADMIN: "联合办公室",
    Role.DEPARTMENT_OPERATOR: "部门操作员",
    Role.INSPECTOR: "执法检查人员",
    Role.AUDITOR: "审计人员",
}


class UnknownRole(DomainError):
    def __init__(self, value: str) -> None:
        names = ", ".join(role.value for role in Role)
        super().__init__(
            f"unknown role {value!r} (expected one of: {names})",
            message_zh=f"未知角色“{value}”",
        )


def parse_role(value: str | Role) -> Role:
    """The Role named by `value`, or UnknownRole."""
    try:
        return Role(value)
    except ValueError as exc:
        raise UnknownRole(str(value)) from exc


@dataclass(frozen=True)
class Principal:
    """Who is asking: what the rules need to know about a logged-in user."""

    username: str
    role: Role
    department_code: str | None = None


@dataclass(frozen=True)
class RecordScope:
    """Whom a record belongs to: its department and, for personal records, its inspector."""

    department_code: str | None = None
    inspector_username: str | None = None


def reads_everything(principal: Principal) -> bool:
    return principal.role in (Role.OFFICE_ADMIN, Role.AUDITOR)


def can_read(principal: Principal, scope: RecordScope) -> bool:
    """Whether `principal` may see a record with this scope."""
    if reads_everything(principal):
        return True
    if principal.role is Role.DEPARTMENT_OPERATOR:
        return scope.department_code is not None and scope.department_code == principal.department_code
    if principal.role is Role.INSPECTOR:
        return scope.inspector_username is not None and scope.inspector_username == principal.username
    return False


def can_write(principal: Principal, scope: RecordScope) -> bool:
    """Whether `principal` may change a record with this scope."""
    if principal.role is Role.AUDITOR:
        return False
    if principal.role is Role.OFFICE_ADMIN:
        return True
    return can_read(principal, scope)


def visible_department_codes(principal: Principal) -> tuple[str, ...] | None:
    """Departments whose records a list may show: None means all, () means none."""
    if reads_everything(principal):
        return None
    if principal.role is Role.DEPARTMENT_OPERATOR and principal.department_code:
        return (principal.department_code,)
    return ()


def require_department(principal: Principal, department_code: str, *, write: bool = False) -> None:
    """Refuse (Forbidden) access to a department's data outside the principal's scope."""
    scope = RecordScope(department_code=department_code)
    if write and not can_write(principal, scope):
        raise Forbidden(
            f"{principal.username} ({principal.role}) may not change department {department_code}",
            message_zh="您无权修改该部门的数据",
        )
    if not can_read(principal, scope):
        raise Forbidden(
            f"{principal.username} ({principal.role}) may not read department {department_code}",
            message_zh="您无权查看其他部门的数据",
        )


def require_record(
    principal: Principal, scope: RecordScope, *, write: bool = False, what: str = "record"
) -> None:
    """Refuse access to one record: NotFound when it may not even be seen, Forbidden to change it.

    Hiding an unreadable record as "not found" keeps identifiers of other
    departments' records from leaking through error messages.
    """
    if not can_read(principal, scope):
        raise NotFound(f"{what} not found")
    if write and not can_write(principal, scope):
        raise Forbidden(
            f"{principal.username} ({principal.role}) may not change this {what}",
            message_zh="您只有查看权限，不能修改",
        )


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse (Forbidden) unless the principal has one of `roles`."""
    if principal.role not in roles:
        labels = "、".join(role.label_zh for role in roles)
        raise Forbidden(
            f"{principal.role} may not do this (needs {', '.join(roles)})",
            message_zh=f"仅限{labels}操作",
        )
