"""`coordinator demo generate|load`: the demo district (海珠区, synthetic).

`generate` rewrites `data/demo/district.json` from the seeded generator (the
same bytes every time; `--check` only compares, exit 1 if the file differs).
`load` puts the file into the configured database: idempotent (a second run
changes nothing and says so), audited with actor `demo`, and prints the demo
logins. The demo password is public: never load the demo into a database
real people use.
"""

from __future__ import annotations

from pathlib import Path

import typer

from coordinator.config import get_settings
from coordinator.demo.generate import DEFAULT_PATH, read_district, render, generate_district, write_district
from coordinator.demo.load import LoadReport, district_sha256, load_district
from coordinator.domain.errors import DomainError
from coordinator.persistence.db import session_factory

demo_app = typer.Typer(help="Demo district: generate the data file, load it.", no_args_is_help=True)

FILE_OPTION = typer.Option(DEFAULT_PATH, "--file", help="District file (default: data/demo/district.json).")


@demo_app.command("generate")
def generate(
    file: Path = FILE_OPTION,
    check: bool = typer.Option(False, "--check", help="Only compare with a fresh generation; exit 1 if different."),
) -> None:
    """Write the demo district file from the seeded generator."""
    if check:
        fresh = render(generate_district())
        if not file.exists() or file.read_bytes() != fresh:
            typer.echo(f"{file} differs from a fresh generation; run `coordinator demo generate`", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"{file} is up to date ({len(fresh)} bytes)")
        return
    data, changed = write_district(file)
    state = "written" if changed else "unchanged"
    typer.echo(f"{file} {state} ({len(data)} bytes)")


def _print_report(report: LoadReport, district: dict, password: str) -> None:
    if not report.changed:
        typer.echo("demo district already loaded: nothing changed")
    else:
        for table, count in report.added.items():
            if count:
                typer.echo(f"  {table}: {count} added")
        if report.calendar_days:
            typer.echo(f"  calendar_day: {report.calendar_days} added")
        typer.echo(f"demo district loaded ({len(report.users)} users created)")
    typer.echo("demo logins (password for all: %s):" % password)
    for user in district["users"]:
        where = f" {user['department']}" if user["department"] else ""
        typer.echo(f"  {user['username']:<10} {user['role']}{where}")
    typer.echo("warning: these are public demo credentials; do not load the demo into a real database.")


@demo_app.command("load")
def load(file: Path = FILE_OPTION) -> None:
    """Load the demo district into the database (idempotent)."""
    settings = get_settings()
    if settings.environment != "dev":
        typer.echo(f"warning: ENVIRONMENT={settings.environment}: loading demo users with a public password",
                   err=True)
    raw = file.read_bytes()
    district = read_district(file)
    password = district["demo_password"]
    with session_factory()() as session:
        try:
            report = load_district(session, district, password=password, source_sha256=district_sha256(raw))
        except DomainError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(code=1) from error
    _print_report(report, district, password)


def register(app: typer.Typer) -> None:
    """Add the `demo` command group to the main app."""
    app.add_typer(demo_app, name="demo")
