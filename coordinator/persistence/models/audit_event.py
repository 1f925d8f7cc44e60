"""The append-only audit log (全程留痕) and its head record.

`audit_event` rows are never updated or deleted (on PostgreSQL a trigger from
migration 0002 refuses it); `seq` is the primary key, so two writers can never
both own a number. Each row's `hash` covers its content and the previous
row's hash (`coordinator.domain.audit`).

`audit_head` is a single row (id 1) holding the last seq and hash. Writers
update it first, which serialises them on every database, and `verify` compares
the chain's end with it, so deleting the newest event is detected too.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, DateTime, Index, Integer, String
from sqlmodel import Field, SQLModel

from coordinator.domain.audit import GENESIS_HASH


class AuditEventBase(SQLModel):
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    occurred_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(sa_column=Column(String(100), nullable=False))
    action: str = Field(sa_column=Column(String(100), nullable=False))
    subject: str = Field(sa_column=Column(String(200), nullable=False))
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(sa_column=Column(String(64), nullable=False))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class AuditEvent(AuditEventBase, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_subject_seq", "subject", "seq"),
        Index("ix_audit_event_actor_seq", "actor", "seq"),
        Index("ix_audit_event_action_seq", "action", "seq"),
        Index("ix_audit_event_occurred_at", "occurred_at"),
    )


class AuditEventRead(AuditEventBase):
    pass


class AuditHead(SQLModel, table=True):
    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    last_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    last_hash: str = Field(default=GENESIS_HASH, sa_column=Column(String(64), nullable=False))
