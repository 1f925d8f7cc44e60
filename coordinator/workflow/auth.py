"""Passwords and logins: argon2 hashing, authentication and the login rate limit.

Passwords are hashed with argon2id (cost from the settings, argon2-cffi's
defaults unless changed) and never stored or logged in clear; a hash made
with other parameters is upgraded at the next successful login. Every login try is recorded in `login_attempt`; after
`login_max_failures` failures for one username from one IP within
`login_window_minutes` (and since the last success) further tries are refused
without checking the password, until the oldest counted failure leaves the
window. The count lives in the database, so it holds across processes.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.config import get_settings
from coordinator.domain.errors import DomainError
from coordinator.persistence.models.user import User
from coordinator.persistence.repos import user as user_repo

MIN_PASSWORD_LENGTH = 8


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _hasher() -> PasswordHasher:
    """The argon2id hasher with the configured cost."""
    settings = get_settings()
    return _hasher_for(settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism)


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    # Verified against when the username is unknown, so both paths cost one argon2 run.
    return hasher.hash("not a password of anyone")


class LoginFailed(DomainError):
    status_code = 401

    def __init__(self) -> None:
        super().__init__("wrong username or password", message_zh="用户名或密码错误")


class LoginLocked(DomainError):
    status_code = 429

    def __init__(self, minutes: int) -> None:
        super().__init__(
            f"too many failed logins; try again in {minutes} minutes",
            message_zh=f"登录失败次数过多，账号已暂时锁定，请 {minutes} 分钟后再试",
        )
        self.minutes = minutes


class PasswordTooWeak(DomainError):
    def __init__(self) -> None:
        super().__init__(
            f"password must have at least {MIN_PASSWORD_LENGTH} characters",
            message_zh=f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符",
        )


def check_password_policy(password: str) -> None:
    """Refuse passwords that are too short (PasswordTooWeak)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeak()


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (policy checked first)."""
    check_password_policy(password)
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches the stored hash (False for a malformed hash)."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _lock_minutes(session: Session, *, username: str, ip: str, now: dt.datetime) -> int | None:
    """Minutes until (username, ip) may try again, or None when not locked."""
    settings = get_settings()
    window = dt.timedelta(minutes=settings.login_window_minutes)
    since = now - window
    failures = user_repo.count_recent_failures(session, username=username, ip=ip, since=since)
    if failures < settings.login_max_failures:
        return None
    times = user_repo.recent_failure_times(session, username=username, ip=ip, since=since)
    # The lock lifts once fewer than max failures remain inside the window.
    pivot = times[len(times) - settings.login_max_failures]
    if pivot.tzinfo is None:
        pivot = pivot.replace(tzinfo=dt.UTC)
    remaining = (pivot + window - now).total_seconds()
    return max(1, math.ceil(remaining / 60))


def authenticate(session: Session, *, username: str, password: str, ip: str) -> User:
    """The active user with this username and password; LoginLocked or LoginFailed otherwise.

    Records the attempt and commits it, whatever the outcome.
    """
    name = normalise_username(username)[:64]
    now = clock.utcnow()
    minutes = _lock_minutes(session, username=name, ip=ip, now=now)
    if minutes is not None:
        raise LoginLocked(minutes)
    user = user_repo.get_user_by_username(session, username=name)
    valid = verify_password(user.password_hash if user else _dummy_hash(_hasher()), password)
    ok = bool(user and user.active and valid)
    user_repo.add_login_attempt(session, username=name, ip=ip, at=now, succeeded=ok)
    if ok and _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    session.commit()
    if not ok:
        raise LoginFailed()
    return user
