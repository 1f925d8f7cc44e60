"""Audit log queries: append an event to the chain, read pages of it, check it.

`append_event` flushes and never commits: the caller's workflow commits, so the
event lands in the same transaction as the change it records (or neither does).

Concurrency: writers must not fork the chain. On PostgreSQL the writer first
takes a transaction-level advisory lock, then bumps the single `audit_head`
row (a row lock, held to commit); on SQLite that UPDATE takes the database
write lock. Either way the next writer reads the head only after the previous
one has committed or rolled back. The primary key on `seq` is the backstop.
Because the lock is held to commit, append the event as the transaction's
last write: taking other row locks after it invites lock-order deadlocks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, func, insert, select, text, update
from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.audit import (
    GENESIS_HASH,
    ChainChecker,
    ChainReport,
    event_hash,
    normalise_payload,
)
from coordinator.persistence.models.audit_event import AuditEvent, AuditHead

# pg_advisory_xact_lock key: the bytes "AUDITLOG" read as a signed 64-bit integer.
AUDIT_LOCK_KEY = int.from_bytes(b"AUDITLOG", "big", signed=True)
VERIFY_BATCH = 1000

EVENT = AuditEvent.__table__
HEAD = AuditHead.__table__


class AuditChainCorrupt(RuntimeError):
    """The head record is missing while events exist: the log was tampered with."""


def _lock_head(session: Session) -> tuple[int, str]:
    """Serialise writers and claim the next seq; returns (seq, prev_hash)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    bumped = session.execute(
        update(HEAD)
        .where(HEAD.c.id == 1)
        .values(last_seq=HEAD.c.last_seq + 1)
        .returning(HEAD.c.last_seq, HEAD.c.last_hash)
    ).first()
    if bumped is not None:
        return bumped.last_seq, bumped.last_hash
    # A schema built without migration 0002's seed row; only acceptable on an empty log.
    if session.execute(select(func.count()).select_from(EVENT)).scalar_one():
        raise AuditChainCorrupt("audit_head is missing but audit events exist")
    session.execute(insert(HEAD).values(id=1, last_seq=1, last_hash=GENESIS_HASH))
    return 1, GENESIS_HASH


def append_event(
    session: Session, *, actor: str, action: str, subject: str, payload: dict[str, Any]
) -> AuditEvent:
    """Append one event to the chain and flush (the caller commits)."""
    seq, prev_hash = _lock_head(session)
    # Read the clock after the lock so times follow seq order across writers.
    occurred_at = clock.utcnow().astimezone(dt.UTC)
    (row,) = _chained_rows(actor, [(action, subject, payload)], seq, prev_hash, occurred_at)
    event = AuditEvent(**row)
    session.add(event)
    session.execute(update(HEAD).where(HEAD.c.id == 1).values(last_hash=event.hash))
    session.flush()
    return event


def append_events(
    session: Session, *, actor: str, events: list[tuple[str, str, dict[str, Any]]]
) -> int:
    """Append many (action, subject, payload) events at once, chained in order (bulk imports).

    One lock and one multi-row INSERT instead of a round trip per event; the
    chain is the same as appending them one by one. Flushes; the caller commits.
    """
    if not events:
        return 0
    first_seq, prev_hash = _lock_head(session)
    if len(events) > 1:
        session.execute(
            update(HEAD).where(HEAD.c.id == 1).values(last_seq=HEAD.c.last_seq + len(events) - 1)
        )
    occurred_at = clock.utcnow().astimezone(dt.UTC)
    rows = _chained_rows(actor, events, first_seq, prev_hash, occurred_at)
    for start in range(0, len(rows), VERIFY_BATCH):
        session.execute(insert(EVENT), rows[start : start + VERIFY_BATCH])
    session.execute(update(HEAD).where(HEAD.c.id == 1).values(last_hash=rows[-1]["hash"]))
    session.flush()
    return len(rows)


def _chained_rows(
    actor: str,
    events: list[tuple[str, str, dict[str, Any]]],
    first_seq: int,
    prev_hash: str,
    occurred_at: dt.datetime,
) -> list[dict[str, Any]]:
    """The rows of `events` from `first_seq` on, each hash chained to the one before."""
    rows = []
    for offset, (action, subject, payload) in enumerate(events):
        clean = normalise_payload(payload)
        seq = first_seq + offset
        digest = event_hash(
            seq=seq, occurred_at=occurred_at, actor=actor, action=action, subject=subject,
            payload=clean, prev_hash=prev_hash,
        )
        rows.append({
            "seq": seq, "occurred_at": occurred_at, "actor": actor, "action": action,
            "subject": subject, "payload": clean, "prev_hash": prev_hash, "hash": digest,
        })
        prev_hash = digest
    return rows


@dataclass(frozen=True)
class EventFilter:
    """Filters of the audit list; every field optional. Dates are UTC bounds [since, until)."""

    actor: str | None = None
    action: str | None = None
    subject: str | None = None
    subject_prefix: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def _filtered(statement, flt: EventFilter):
    if flt.actor:
        statement = statement.where(EVENT.c.actor == flt.actor)
    if flt.action:
        statement = statement.where(EVENT.c.action == flt.action)
    if flt.subject:
        statement = statement.where(EVENT.c.subject == flt.subject)
    if flt.subject_prefix:
        statement = statement.where(EVENT.c.subject.startswith(flt.subject_prefix, autoescape=True))
    if flt.since:
        statement = statement.where(EVENT.c.occurred_at >= flt.since)
    if flt.until:
        statement = statement.where(EVENT.c.occurred_at < flt.until)
    return statement


def list_events(
    session: Session, *, flt: EventFilter = EventFilter(), offset: int = 0, limit: int = 50
) -> list[AuditEvent]:
    """Matching events, newest first."""
    statement = _filtered(select(AuditEvent), flt).order_by(EVENT.c.seq.desc())
    return list(session.scalars(statement.offset(offset).limit(limit)))


def count_events(session: Session, *, flt: EventFilter = EventFilter()) -> int:
    """How many events match."""
    return session.execute(_filtered(select(func.count()).select_from(EVENT), flt)).scalar_one()


def list_actions(session: Session) -> list[str]:
    """Every distinct action, sorted (for the filter's choices)."""
    return list(session.scalars(select(EVENT.c.action).distinct().order_by(EVENT.c.action)))


def get_head(session: Session) -> tuple[int, str] | None:
    """The head record (last seq, last hash), or None when it is missing."""
    row = session.execute(select(HEAD.c.last_seq, HEAD.c.last_hash).where(HEAD.c.id == 1)).first()
    return None if row is None else (row.last_seq, row.last_hash)


def _payload_of(raw: str) -> Any:
    # A payload edited into text that is not JSON must be reported, not crash the check.
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw


def iter_event_rows(session: Session, *, batch: int = VERIFY_BATCH) -> Iterator[dict[str, Any]]:
    """Every event in seq order as plain dicts, read in key-set pages so memory stays flat."""
    columns = [c for c in EVENT.c if c.name != "payload"]
    # The payload is read as stored text, so a corrupted value cannot break the reader.
    payload_text = cast(EVENT.c.payload, Text).label("payload")
    after = None
    while True:
        statement = select(*columns, payload_text).order_by(EVENT.c.seq).limit(batch)
        if after is not None:
            statement = statement.where(EVENT.c.seq > after)
        rows = session.execute(statement).all()
        for row in rows:
            values = row._asdict()
            values["payload"] = _payload_of(values["payload"])
            yield values
        if len(rows) < batch:
            return
        after = rows[-1].seq


def verify_chain(session: Session) -> ChainReport:
    """Recompute the chain in seq order; unpacks as (ok, count, first_broken_seq)."""
    checker = ChainChecker()
    for values in iter_event_rows(session):
        if not checker.feed(**values):
            break
    head = get_head(session)
    return checker.finish(*(head if head else (None, None)))
