"""`coordinator import targets|inspectors|items FILE --department CODE`: batch registry import.

The same all-or-nothing import as the web page (`coordinator.workflow.registry_import`),
acting as the office (actor `cli`): the file is validated in full; if any row is
bad nothing is written, each problem is printed (row, column, value, reason) and
the command exits 1; `--report FILE.xlsx` also writes them as a workbook.
`--dry-run` prints what would change without writing.
"""

from __future__ import annotations

import enum
from pathlib import Path

import typer

from coordinator.domain.errors import DomainError
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.db import session_factory
from coordinator.workflow import registry_import as importer
from coordinator.workflow.registry_files import ImportRejected, write_problems

CLI_ACTOR = "cli"
import_app = typer.Typer(help="Import registries (targets, inspectors, items) from .xlsx or .csv.", no_args_is_help=True)


class Kind(enum.StrEnum):
    targets = "targets"
    inspectors = "inspectors"
    items = "items"


def _report(problems, report: Path | None) -> None:
    for p in problems[:200]:
        where = f"row {p.row}" if p.row else "file"
        typer.echo(f"  {where}, column {p.column or '-'}, value {p.value!r}: {p.reason}", err=True)
    if len(problems) > 200:
        typer.echo(f"  ... and {len(problems) - 200} more", err=True)
    if report is not None:
        report.write_bytes(write_problems(problems))
        typer.echo(f"problem report written to {report}", err=True)


def run_import(kind: Kind, file: Path, department: str, dry_run: bool, report: Path | None) -> None:
    principal = Principal(CLI_ACTOR, Role.OFFICE_ADMIN)
    data = file.read_bytes()
    args = {"principal": principal, "kind": kind.value, "department_code": department, "filename": file.name, "data": data}
    with session_factory()() as session:
        try:
            if dry_run:
                preview = importer.preview_import(session, **args)
                typer.echo(f"dry run: {len(preview.added)} to add, {len(preview.changed)} to change, {preview.unchanged} unchanged")
                return
            result = importer.apply_import(session, **args)
        except ImportRejected as exc:
            typer.echo(f"error: import refused, nothing written ({len(exc.problems)} problem(s)):", err=True)
            _report(exc.problems, report)
            raise typer.Exit(code=1) from exc
        except DomainError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(code=1) from exc
    typer.echo(f"imported {kind.value} into {department}: {result.added} added, {result.changed} changed, {result.unchanged} unchanged")


def _command(kind: Kind):
    def command(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help=".xlsx or .csv file (template columns)."),
        department: str = typer.Option(..., "--department", help="Department code the rows belong to."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Only report what would change."),
        report: Path | None = typer.Option(None, "--report", help="Write refused rows to this .xlsx."),
    ) -> None:
        run_import(kind, file, department, dry_run, report)

    command.__doc__ = f"Import {kind.value} from FILE into a department (all or nothing)."
    return command


for _kind in Kind:
    import_app.command(_kind.value)(_command(_kind))


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
