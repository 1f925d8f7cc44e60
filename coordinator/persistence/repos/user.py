"""User account and login-attempt queries. Flush, never commit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.persistence.models.user import LoginAttempt, User

ATTEMPT = LoginAttempt.__table__


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_username(session: Session, *, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def list_users(session: Session, *, department_code: str | None = None) -> list[User]:
    """Users ordered by username; only one department's when `department_code` is given."""
    statement = select(User).order_by(User.username)
    if department_code is not None:
        statement = statement.where(User.department_code == department_code)
    return list(session.scalars(statement))


def add_user(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def add_login_attempt(
    session: Session, *, username: str, ip: str, at: dt.datetime, succeeded: bool
) -> None:
    session.add(LoginAttempt(username=username, ip=ip, attempted_at=at, succeeded=succeeded))
    session.flush()


def count_recent_failures(session: Session, *, username: str, ip: str, since: dt.datetime) -> int:
    """Failed attempts for (username, ip) after `since` and after the last success."""
    last_success = session.execute(
        select(func.max(ATTEMPT.c.attempted_at)).where(
            ATTEMPT.c.username == username, ATTEMPT.c.ip == ip, ATTEMPT.c.succeeded.is_(True)
        )
    ).scalar_one()
    statement = select(func.count()).where(
        ATTEMPT.c.username == username,
        ATTEMPT.c.ip == ip,
        ATTEMPT.c.succeeded.is_(False),
        ATTEMPT.c.attempted_at >= since,
    )
    if last_success is not None:
        statement = statement.where(ATTEMPT.c.attempted_at > last_success)
    return session.execute(statement).scalar_one()


def recent_failure_times(
    session: Session, *, username: str, ip: str, since: dt.datetime
) -> list[dt.datetime]:
    """Times of failed attempts for (username, ip) at or after `since`, oldest first."""
    statement = (
        select(ATTEMPT.c.attempted_at)
        .where(
            ATTEMPT.c.username == username,
            ATTEMPT.c.ip == ip,
            ATTEMPT.c.succeeded.is_(False),
            ATTEMPT.c.attempted_at >= since,
        )
        .order_by(ATTEMPT.c.attempted_at)
    )
    return list(session.scalars(statement))
