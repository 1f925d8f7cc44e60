"""Audit log use cases: record a stand-alone event, check the chain, read pages.

Changes are audited by their own workflow, which calls
`repos.audit.append_event` before committing. `record_event` is for events
that are the whole transaction (a login, an export); `verify_log` and
`search_events` are read-only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.audit import ChainReport
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.repos import audit as audit_repo
from coordinator.persistence.repos.audit import EventFilter

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class EventPage:
    """One page of matching events (newest first) and the numbers to page through them."""

    events: list[AuditEvent]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def record_event(
    session: Session, *, actor: str, action: str, subject: str, payload: dict[str, Any]
) -> AuditEvent:
    """Append one event and commit it on its own."""
    event = audit_repo.append_event(
        session, actor=actor, action=action, subject=subject, payload=payload
    )
    session.commit()
    return event


def verify_log(session: Session) -> ChainReport:
    """Check the whole chain and its head."""
    return audit_repo.verify_chain(session)


def search_events(
    session: Session, *, flt: EventFilter = EventFilter(), page: int = 1, per_page: int = 50
) -> EventPage:
    """A page of events matching `flt`, newest first (page numbers start at 1)."""
    per_page = min(max(per_page, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    total = audit_repo.count_events(session, flt=flt)
    events = audit_repo.list_events(
        session, flt=flt, offset=(page - 1) * per_page, limit=per_page
    )
    return EventPage(events, total, page, per_page)


def known_actions(session: Session) -> list[str]:
    """Every action recorded so far, sorted (choices for a filter)."""
    return audit_repo.list_actions(session)


def subject_history(session: Session, subject: str, *, limit: int = 100) -> list[AuditEvent]:
    """The newest events about one subject (a record's history)."""
    return audit_repo.list_events(session, flt=EventFilter(subject=subject), limit=limit)


def day_bounds_utc(
    first: dt.date | None, last: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """UTC bounds [since, until) for whole Asia/Shanghai days `first`..`last`."""
    since = until = None
    if first is not None:
        since = dt.datetime.combine(first, dt.time(), clock.LOCAL_TZ).astimezone(dt.UTC)
    if last is not None:
        after = last + dt.timedelta(days=1)
        until = dt.datetime.combine(after, dt.time(), clock.LOCAL_TZ).astimezone(dt.UTC)
    return since, until
