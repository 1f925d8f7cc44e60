"""User administration and the department views scoped by role.

Every change writes an audit event (`user.create`, `user.disable`,
`user.enable`, `user.reset_password`) in the same transaction; the payload
never holds a password or its hash. Login itself is `coordinator.workflow.auth`.
The `*_as` functions and the department reads take the acting `Principal` and
enforce the role rules here, so no page or API can skip them.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.errors import Conflict, DomainError, NotFound
from coordinator.domain.roles import (
    Principal,
    Role,
    parse_role,
    require_department,
    require_role,
    visible_department_codes,
)
from coordinator.persistence.models.department import Department
from coordinator.persistence.models.user import User
from coordinator.persistence.repos import department as department_repo
from coordinator.persistence.repos import user as user_repo
from coordinator.persistence.repos.audit import append_event
from coordinator.workflow.auth import hash_password, normalise_username

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")


class InvalidUsername(DomainError):
    def __init__(self, username: str) -> None:
        super().__init__(
            f"invalid username {username!r}: 2-64 characters a-z, 0-9, '_', '.', '-'",
            message_zh="用户名须为 2–64 位小写字母、数字或 _ . -",
        )


class UserExists(Conflict):
    def __init__(self, username: str) -> None:
        super().__init__(f"user {username} already exists", message_zh=f"用户名“{username}”已存在")


class UnknownUser(NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(f"user {username} not found", message_zh=f"用户“{username}”不存在")


class UnknownDepartment(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"department {code} not found", message_zh=f"部门“{code}”不存在")


class DepartmentRequired(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "a department operator needs a department (--department CODE)",
            message_zh="部门操作员必须指定所属部门",
        )


def principal_of(user: User) -> Principal:
    """The permission-rules view of a user."""
    return Principal(username=user.username, role=Role(user.role), department_code=user.department_code)


def _subject(username: str) -> str:
    return f"user:{username}"


def _check_department(session: Session, role: Role, department_code: str | None) -> None:
    if role is Role.DEPARTMENT_OPERATOR and not department_code:
        raise DepartmentRequired()
    if department_code and department_repo.get_department(session, code=department_code) is None:
        raise UnknownDepartment(department_code)


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str,
    department_code: str | None = None,
    actor: str = "system",
    commit: bool = True,
) -> User:
    """Create an active user with an argon2-hashed password; audited as `user.create`."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise InvalidUsername(username)
    role = parse_role(role)
    _check_department(session, role, department_code)
    if user_repo.get_user_by_username(session, username=name) is not None:
        raise UserExists(name)
    now = clock.utcnow()
    user = User(
        username=name,
        display_name=display_name.strip() or name,
        role=role.value,
        department_code=department_code or None,
        active=True,
        password_hash=hash_password(password),
        created_at=now,
        updated_at=now,
    )
    user_repo.add_user(session, user)
    payload = {"role": role.value, "department_code": user.department_code, "display_name": user.display_name}
    append_event(session, actor=actor, action="user.create", subject=_subject(name), payload=payload)
    if commit:
        session.commit()
    return user


def _get(session: Session, username: str) -> User:
    user = user_repo.get_user_by_username(session, username=normalise_username(username))
    if user is None:
        raise UnknownUser(username)
    return user


def set_active(session: Session, *, username: str, active: bool, actor: str = "system") -> User:
    """Disable or re-enable a user (a disabled user cannot log in); audited."""
    user = _get(session, username)
    user.active = active
    user.updated_at = clock.utcnow()
    session.flush()
    action = "user.enable" if active else "user.disable"
    append_event(session, actor=actor, action=action, subject=_subject(user.username), payload={})
    session.commit()
    return user


def disable_user(session: Session, *, username: str, actor: str = "system") -> User:
    """Disable a user; audited as `user.disable`."""
    return set_active(session, username=username, active=False, actor=actor)


def reset_password(
    session: Session, *, username: str, new_password: str, actor: str = "system"
) -> User:
    """Replace a user's password hash; audited as `user.reset_password` (no secret in the payload)."""
    user = _get(session, username)
    user.password_hash = hash_password(new_password)
    user.updated_at = clock.utcnow()
    session.flush()
    append_event(
        session, actor=actor, action="user.reset_password", subject=_subject(user.username), payload={}
    )
    session.commit()
    return user


class CannotDisableSelf(DomainError):
    def __init__(self) -> None:
        super().__init__("you cannot disable your own account", message_zh="不能停用自己的账号")


def set_active_as(session: Session, *, principal: Principal, username: str, active: bool) -> User:
    """An office admin disables or re-enables a user (never itself)."""
    require_role(principal, Role.OFFICE_ADMIN)
    if normalise_username(username) == principal.username and not active:
        raise CannotDisableSelf()
    return set_active(session, username=username, active=active, actor=principal.username)


def list_visible_departments(session: Session, *, principal: Principal) -> list[Department]:
    """The departments whose data `principal` may see (all, its own, or none)."""
    return department_repo.list_departments(session, codes=visible_department_codes(principal))


def department_with_users(
    session: Session, *, principal: Principal, code: str
) -> tuple[Department, list[User]]:
    """A department and its users, if `principal` may read that department's data.

    The scope is checked before existence, so an operator cannot probe other codes.
    """
    require_department(principal, code)
    department = department_repo.get_department(session, code=code)
    if department is None:
        raise UnknownDepartment(code)
    return department, user_repo.list_users(session, department_code=code)


def list_users_as(session: Session, *, principal: Principal) -> list[User]:
    """Every user, for the office and auditors."""
    require_role(principal, Role.OFFICE_ADMIN, Role.AUDITOR)
    return user_repo.list_users(session)


def create_user_as(
    session: Session,
    *,
    principal: Principal,
    username: str,
    password: str,
    role: Role | str,
    display_name: str,
    department_code: str | None = None,
) -> User:
    """The office creates a user; audited with the office user as actor."""
    require_role(principal, Role.OFFICE_ADMIN)
    return create_user(
        session,
        username=username,
        password=password,
        role=role,
        display_name=display_name,
        department_code=department_code or None,
        actor=principal.username,
    )
