"""Plain factory functions for tests: `make_x(session, **overrides)` flushes and returns.

Defaults are valid and distinct per call (a counter, never randomness), so a
test states only what matters to it. Nothing here commits.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlmodel import Session

from coordinator import clock
from coordinator.domain.roles import Role
from coordinator.persistence.models.department import Department
from coordinator.persistence.models.user import User
from coordinator.workflow import user as user_flow

DEFAULT_PASSWORD = "correct horse battery 9"
_counter = itertools.count(1)


def make_department(session: Session, **overrides: Any) -> Department:
    """A department with a unique code and name."""
    n = next(_counter)
    values: dict[str, Any] = {
        "code": f"dept{n}",
        "name": f"测试部门{n}",
        "short_name": f"部门{n}",
        "sort_order": n,
        "created_at": clock.utcnow(),
    }
    values.update(overrides)
    department = Department(**values)
    session.add(department)
    session.flush()
    return department


def make_user(session: Session, **overrides: Any) -> User:
    """A user through the real workflow (argon2 hash); password `DEFAULT_PASSWORD` by default.

    A department operator without `department_code` gets a fresh department.
    """
    n = next(_counter)
    role = Role(overrides.pop("role", Role.OFFICE_ADMIN))
    department_code = overrides.pop("department_code", None)
    if role is Role.DEPARTMENT_OPERATOR and department_code is None:
        department_code = make_department(session).code
    user = user_flow.create_user(
        session,
        username=overrides.pop("username", f"user{n}"),
        password=overrides.pop("password", DEFAULT_PASSWORD),
        role=role,
        department_code=department_code,
        display_name=overrides.pop("display_name", f"用户{n}"),
        actor=overrides.pop("actor", "test"),
    )
    for key, value in overrides.items():
        setattr(user, key, value)
    session.flush()
    return user
