"""Domain errors: every refusal the application can explain to a person.

A `DomainError` carries an English message (logs, CLI, JSON `detail`) and a
Chinese one (`message_zh`, shown in the UI). The web layer maps the classes to
HTTP status codes: `NotFound` → 404, `Forbidden` → 403, `Conflict` → 409,
anything else → 400 (unprocessable request).
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused an operation."""

    status_code = 400

    def __init__(self, message: str, *, message_zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message


class NotFound(DomainError):
    """The record does not exist, or the caller may not know that it exists."""

    status_code = 404

    def __init__(self, message: str = "not found", *, message_zh: str = "未找到该记录") -> None:
        super().__init__(message, message_zh=message_zh)


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    status_code = 403

    def __init__(
        self, message: str = "forbidden", *, message_zh: str = "您没有权限执行此操作"
    ) -> None:
        super().__init__(message, message_zh=message_zh)


class Conflict(DomainError):
    """The operation clashes with the current state (a duplicate, a stale edit)."""

    status_code = 409


class NotAuthenticated(DomainError):
    """The operation needs a logged-in user."""

    status_code = 401

    def __init__(
        self, message: str = "login required", *, message_zh: str = "请先登录"
    ) -> None:
        super().__init__(message, message_zh=message_zh)
