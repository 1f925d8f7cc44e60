"""Request dependencies: the database session, the settings, the current user.

One session per request (`get_session`); tests override it to run the request
inside their rolled-back transaction. `current_user` reads the signed session
cookie and reloads the user on every request, so disabling a user or
resetting its password ends its sessions at once. Routers use
`require_user` / `require_principal` / `require_roles(...)`; a missing login
raises `NotAuthenticated` (pages redirect to /login, the API answers 401).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from fastapi import Depends, Request
from sqlmodel import Session

from coordinator.config import Settings
from coordinator.domain.errors import NotAuthenticated
from coordinator.domain.roles import Principal, Role, require_role
from coordinator.persistence.models.user import User
from coordinator.persistence.repos import user as user_repo
from coordinator.workflow.user import principal_of

SESSION_USER_ID = "uid"
SESSION_PASSWORD_STAMP = "pw"


def get_session(request: Request) -> Iterator[Session]:
    """A session for this request, closed afterwards (workflows commit)."""
    with request.app.state.session_factory() as session:
        yield session


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def password_stamp(user: User) -> str:
    """A short fingerprint of the password hash: a reset invalidates existing sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def current_user(request: Request, session: Session = Depends(get_session)) -> User | None:
    """The logged-in, active user, or None (a stale session is forgotten)."""
    request.state.user = None
    user_id = request.session.get(SESSION_USER_ID)
    if user_id is None:
        return None
    user = user_repo.get_user(session, user_id=user_id)
    if user is None or not user.active or request.session.get(SESSION_PASSWORD_STAMP) != password_stamp(user):
        request.session.pop(SESSION_USER_ID, None)
        request.session.pop(SESSION_PASSWORD_STAMP, None)
        return None
    request.state.user = user
    return user


def require_user(user: User | None = Depends(current_user)) -> User:
    """The logged-in user, or NotAuthenticated."""
    if user is None:
        raise NotAuthenticated()
    return user


def require_principal(user: User = Depends(require_user)) -> Principal:
    """The logged-in user as the permission rules see it."""
    return principal_of(user)


def require_roles(*roles: Role) -> Callable[..., Principal]:
    """A dependency admitting only `roles` (Forbidden for the others)."""

    def dependency(principal: Principal = Depends(require_principal)) -> Principal:
        require_role(principal, *roles)
        return principal

    return dependency
