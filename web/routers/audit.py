"""Audit log pages and API (全程留痕): filter, page through, check the chain.

Only the office (联合办公室) and auditors may read the log; it names every
actor and subject in the district. Filters: actor, action, subject (exact or
a prefix such as ``round:``), and a range of Asia/Shanghai days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlmodel import Session

from coordinator.domain.audit import canonical_payload
from coordinator.domain.errors import DomainError
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.repos.audit import EventFilter
from coordinator.workflow import audit as audit_flow
from web.deps import get_session, require_roles
from web.templating import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/audit", tags=["audit"])
require_reader = require_roles(Role.OFFICE_ADMIN, Role.AUDITOR)
PER_PAGE = 50
PAYLOAD_PREVIEW = 300


class AuditQuery(BaseModel):
    """The filter form as submitted (all text, so a bad date is reported, not a 422)."""

    actor: str = ""
    action: str = ""
    subject: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1


def _parse_day(text: str, label_zh: str, errors: list[str]) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        errors.append(f"{label_zh}“{text}”不是有效日期（YYYY-MM-DD），已忽略")
        return None


def _filter(query: AuditQuery) -> tuple[EventFilter, list[str]]:
    errors: list[str] = []
    first = _parse_day(query.date_from, "起始日期", errors)
    last = _parse_day(query.date_to, "截止日期", errors)
    since, until = audit_flow.day_bounds_utc(first, last)
    subject = query.subject.strip()
    # "round:" (ending in a colon) means every subject of that kind.
    prefix = subject if subject.endswith(":") else None
    flt = EventFilter(
        actor=query.actor.strip() or None,
        action=query.action.strip() or None,
        subject=None if prefix else subject or None,
        subject_prefix=prefix,
        since=since,
        until=until,
    )
    return flt, errors


def _query(
    actor: str = Query(""),
    action: str = Query(""),
    subject: str = Query(""),
    date_from: str = Query(""),
    date_to: str = Query(""),
    page: int = Query(1, ge=1, le=1_000_000),
) -> AuditQuery:
    return AuditQuery(
        actor=actor, action=action, subject=subject, date_from=date_from, date_to=date_to, page=page
    )


def _page_link(query: AuditQuery, page: int) -> str:
    params = {k: v for k, v in query.model_dump().items() if k != "page" and v}
    params["page"] = page
    return "/audit?" + urlencode(params)


@pages.get("/audit")
def audit_page(
    request: Request,
    query: AuditQuery = Depends(_query),
    _: Principal = Depends(require_reader),
    session: Session = Depends(get_session),
):
    flt, errors = _filter(query)
    page = audit_flow.search_events(session, flt=flt, page=query.page, per_page=PER_PAGE)
    rows = [
        {"event": e, "payload": _preview(canonical_payload(e.payload))} for e in page.events
    ]
    context = {
        "query": query,
        "errors": errors,
        "page": page,
        "rows": rows,
        "actions": audit_flow.known_actions(session),
        "previous_link": _page_link(query, page.page - 1) if page.has_previous else None,
        "next_link": _page_link(query, page.page + 1) if page.has_next else None,
    }
    return render(request, "audit/list.html", context)


def _preview(text: str) -> str:
    return text if len(text) <= PAYLOAD_PREVIEW else text[:PAYLOAD_PREVIEW] + "…"


@pages.get("/audit/verify")
def audit_verify_page(
    request: Request,
    _: Principal = Depends(require_reader),
    session: Session = Depends(get_session),
):
    report = audit_flow.verify_log(session)
    return render(request, "audit/verify.html", {"report": report})


class AuditEventOut(BaseModel):
    seq: int
    occurred_at: dt.datetime
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPageOut(BaseModel):
    total: int
    page: int
    per_page: int
    events: list[AuditEventOut]


class ChainOut(BaseModel):
    ok: bool
    count: int
    first_broken_seq: int | None
    reason: str


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@api.get("", response_model=AuditPageOut, summary="Audit events, newest first, filtered")
def api_events(
    query: AuditQuery = Depends(_query),
    per_page: int = Query(PER_PAGE, ge=1, le=audit_flow.MAX_PAGE_SIZE),
    _: Principal = Depends(require_reader),
    session: Session = Depends(get_session),
):
    flt, errors = _filter(query)
    if errors:
        raise DomainError("invalid date filter (expected YYYY-MM-DD)", message_zh="；".join(errors))
    page = audit_flow.search_events(session, flt=flt, page=query.page, per_page=per_page)
    events = [
        AuditEventOut(
            seq=e.seq, occurred_at=_utc(e.occurred_at), actor=e.actor, action=e.action,
            subject=e.subject, payload=e.payload, prev_hash=e.prev_hash, hash=e.hash,
        )
        for e in page.events
    ]
    return AuditPageOut(total=page.total, page=page.page, per_page=page.per_page, events=events)


@api.get("/verify", response_model=ChainOut, summary="Recompute the hash chain")
def api_verify(_: Principal = Depends(require_reader), session: Session = Depends(get_session)):
    report = audit_flow.verify_log(session)
    return ChainOut(
        ok=report.ok, count=report.count, first_broken_seq=report.first_broken_seq, reason=report.reason
    )
