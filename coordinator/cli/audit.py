"""`coordinator audit ...`: check and read the audit log (全程留痕).

    coordinator audit verify          OK: N events   (exit 0)
                                      BROKEN at seq K: reason   (exit 1)
    coordinator audit list --subject calendar:2027 --limit 20

Times are shown in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt

import typer

from coordinator import clock
from coordinator.domain.audit import canonical_payload
from coordinator.persistence.db import session_factory
from coordinator.persistence.repos.audit import EventFilter
from coordinator.workflow import audit as audit_flow

audit_app = typer.Typer(help="Audit log: verify the hash chain, list events.")


def local_time(moment: dt.datetime) -> str:
    """A stored UTC time as Asia/Shanghai text."""
    return clock.to_local(moment).strftime("%Y-%m-%d %H:%M:%S")


@audit_app.command("verify")
def verify() -> None:
    """Recompute every hash; exit 1 at the first broken event."""
    with session_factory()() as session:
        report = audit_flow.verify_log(session)
    if report.ok:
        typer.echo(f"OK: {report.count} events")
        return
    typer.echo(f"BROKEN at seq {report.first_broken_seq}: {report.reason}")
    raise typer.Exit(1)


@audit_app.command("list")
def list_events(
    subject: str = typer.Option(None, help="exact subject, e.g. calendar:2027"),
    actor: str = typer.Option(None, help="exact actor"),
    action: str = typer.Option(None, help="exact action, e.g. calendar.set_year"),
    limit: int = typer.Option(20, min=1, max=audit_flow.MAX_PAGE_SIZE, help="newest N events"),
) -> None:
    """Print the newest matching events, one a line."""
    flt = EventFilter(actor=actor, action=action, subject=subject)
    with session_factory()() as session:
        page = audit_flow.search_events(session, flt=flt, per_page=limit)
        for event in page.events:
            typer.echo(
                f"{event.seq:>6}  {local_time(event.occurred_at)}  {event.actor}  "
                f"{event.action}  {event.subject}  {canonical_payload(event.payload)}"
            )
    typer.echo(f"({len(page.events)} of {page.total} matching events)")


def register(app: typer.Typer) -> None:
    """Add `coordinator audit ...` to the main app."""
    app.add_typer(audit_app, name="audit")
