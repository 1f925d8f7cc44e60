"""User accounts and login attempts.

`user_account` holds people who log in: a role (`coordinator.domain.roles`),
the department an operator acts for, and an argon2 hash (never the password).
`login_attempt` records every login try; the rate limit counts recent
failures in the database, so it holds across server processes.
"""

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

ROLE_VALUES = ("office_admin", "department_operator", "inspector", "auditor")


class UserBase(SQLModel):
    username: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    display_name: str = Field(sa_column=Column(String(100), nullable=False))
    role: str = Field(sa_column=Column(String(32), nullable=False))
    department_code: str | None = Field(
        default=None,
        sa_column=Column(String(32), ForeignKey("department.code"), nullable=True, index=True),
    )
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, default=True))


class User(UserBase, table=True):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(
            "role IN ('office_admin', 'department_operator', 'inspector', 'auditor')", name="role"
        ),
        CheckConstraint(
            "role <> 'department_operator' OR department_code IS NOT NULL",
            name="operator_has_department",
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class UserRead(UserBase):
    """A user as shown by the API (no password hash)."""

    id: int


class LoginAttempt(SQLModel, table=True):
    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_ip_at", "username", "ip", "attempted_at"),
    )

    # BIGINT on PostgreSQL; INTEGER on SQLite, where only INTEGER PRIMARY KEY autoincrements.
    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    )
    # Lower-cased as typed, whether or not such a user exists (so probing is limited too).
    username: str = Field(sa_column=Column(String(64), nullable=False))
    ip: str = Field(sa_column=Column(String(64), nullable=False))
    attempted_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    succeeded: bool = Field(sa_column=Column(Boolean, nullable=False))
