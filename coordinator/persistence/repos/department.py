"""Department queries. Flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.persistence.models.department import Department


def get_department(session: Session, *, code: str) -> Department | None:
    return session.get(Department, code)


def list_departments(session: Session, *, codes: tuple[str, ...] | None = None) -> list[Department]:
    """Departments in display order; only `codes` when given (None: all)."""
    statement = select(Department).order_by(Department.sort_order, Department.code)
    if codes is not None:
        statement = statement.where(Department.code.in_(codes))
    return list(session.scalars(statement))


def add_department(session: Session, department: Department) -> Department:
    session.add(department)
    session.flush()
    return department
