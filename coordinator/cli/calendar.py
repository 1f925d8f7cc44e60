"""`coordinator calendar ...`: the working-day calendar from the database.

    coordinator calendar seed                         official years from chinese-calendar
    coordinator calendar set-year 2027 2027.json      the office's arrangement for a year
    coordinator calendar add-working-days 2024-09-27 20   -> 2024-10-30
    coordinator calendar period-end 2025-09-24 7          -> 2025-10-09
    coordinator calendar show 2025
    coordinator calendar set-day 2024-10-08 rest --note "区政府通知"

Computations use the database calendar (seeded first when the table is empty)
and refuse a year it does not know, naming the year (exit code 1). A bad year
file is refused with every problem listed (exit code 2).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from coordinator.domain.calendar import CalendarInputInvalid, parse_year_file
from coordinator.persistence.db import session_factory
from coordinator.workflow import calendar as calendar_flow
from solver.calendar import UnknownCalendarYear

calendar_app = typer.Typer(help="Working-day calendar (holidays and 调休 make-up workdays).")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@calendar_app.command("seed")
def seed() -> None:
    """Add the years known to the chinese-calendar package that the table lacks."""
    with session_factory()() as session:
        added = calendar_flow.seed_official_calendar(session, actor="cli")
        years = calendar_flow.known_years(session)
    if added:
        typer.echo(f"seeded {added} days; the calendar knows {years[0]}–{years[-1]}")
    else:
        typer.echo(f"nothing to add; the calendar knows {years[0]}–{years[-1]}")


@calendar_app.command("set-year")
def set_year(
    year: int = typer.Argument(..., help="the year, e.g. 2027"),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON or text/CSV year file"),
    actor: str = typer.Option("cli", help="who is entering it (recorded in the audit log)"),
) -> None:
    """Store the office's arrangement for YEAR from FILE (replaces the year's days)."""
    try:
        arrangement = parse_year_file(file.read_text(encoding="utf-8"), year=year)
    except CalendarInputInvalid as exc:
        typer.echo(f"error: {file} is refused:", err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(2) from None
    with session_factory()() as session:
        calendar_flow.apply_arrangement(session, arrangement, actor=actor)
    typer.echo(
        f"{year}: {len(arrangement.holidays)} rest days and "
        f"{len(arrangement.workdays)} make-up workdays stored"
    )
    for warning in arrangement.warnings:
        typer.echo(f"warning: {warning}", err=True)


@calendar_app.command("set-day")
def set_day(
    day: str = typer.Argument(..., help="YYYY-MM-DD, in a year the calendar knows"),
    kind: str = typer.Argument(..., help="rest or work"),
    note: str = typer.Option(..., "--note", help="the reason (recorded with the day and audited)"),
    actor: str = typer.Option("cli", help="who is changing it (recorded in the audit log)"),
) -> None:
    """Make one day a rest day or a working day (the office's correction)."""
    if kind not in ("rest", "work"):
        raise typer.BadParameter("KIND must be 'rest' or 'work'")
    target = _date(day)
    try:
        with session_factory()() as session:
            calendar_flow.override_day(
                session, target, is_workday=kind == "work", actor=actor, note=note
            )
    except UnknownCalendarYear as exc:
        _fail(str(exc), 1)
    except CalendarInputInvalid as exc:
        _fail("; ".join(exc.problems), 2)
    typer.echo(f"{target.isoformat()} is now a {'working' if kind == 'work' else 'rest'} day")


def _calendar():
    with session_factory()() as session:
        calendar_flow.ensure_calendar(session, actor="cli")
        return calendar_flow.load_calendar(session)


@calendar_app.command("add-working-days")
def add_working_days(
    start: str = typer.Argument(..., help="YYYY-MM-DD (not counted)"),
    count: int = typer.Argument(..., min=0, help="number of working days"),
) -> None:
    """Print the COUNT-th working day after START."""
    try:
        typer.echo(_calendar().add_working_days(_date(start), count).isoformat())
    except UnknownCalendarYear as exc:
        _fail(str(exc), 1)


@calendar_app.command("period-end")
def period_end(
    start: str = typer.Argument(..., help="YYYY-MM-DD"),
    days: int = typer.Argument(..., min=0, help="number of calendar days"),
) -> None:
    """Print START + DAYS calendar days, moved to the next working day if a rest day."""
    try:
        typer.echo(_calendar().period_end(_date(start), days).isoformat())
    except UnknownCalendarYear as exc:
        _fail(str(exc), 1)


@calendar_app.command("show")
def show(year: int = typer.Argument(..., help="the year to show")) -> None:
    """List YEAR's weekday rest days and weekend make-up workdays."""
    with session_factory()() as session:
        calendar_flow.ensure_calendar(session, actor="cli")
        try:
            days = calendar_flow.year_days(session, year)
        except UnknownCalendarYear as exc:
            _fail(str(exc), 1)
        sources = sorted({day.source for day in days})
        working = sum(1 for day in days if day.is_workday)
        typer.echo(f"{year}: {working} working days of {len(days)} (source: {', '.join(sources)})")
        rest = [d for d in days if not d.is_workday and d.date.weekday() < 5]
        work = [d for d in days if d.is_workday and d.date.weekday() >= 5]
        for title, rows in (("rest days on weekdays", rest), ("make-up workdays on weekends", work)):
            typer.echo(f"{title} ({len(rows)}):")
            for day in rows:
                typer.echo(
                    f"  {day.date.isoformat()} {WEEKDAYS[day.date.weekday()]}  "
                    f"{day.source:<8}  {day.note}".rstrip()
                )


def register(app: typer.Typer) -> None:
    """Add `coordinator calendar ...` to the main app."""
    app.add_typer(calendar_app, name="calendar")
