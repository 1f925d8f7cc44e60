"""`coordinator verify SCENARIO.json PLAN.json`: check a plan against every rule of spec/scenario.md.

Exit codes: 0 every rule holds (one `OK` line with counts); 1 the plan breaks
at least one rule (one line per violation, `rule N: target/department/inspector:
sentence`, "-" for a part not involved); 2 the scenario is invalid (one line
per problem, naming its path) or the plan cannot be read as JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from solver.schema import ScenarioInvalid, parse_scenario_text
from solver.verify import verify_plan

EXIT_OK, EXIT_VIOLATIONS, EXIT_INVALID = 0, 1, 2


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("verify")(verify)


def verify(
    scenario: Annotated[Path, typer.Argument(help="the jic-scenario/1 JSON file (amendments included)")],
    plan: Annotated[Path, typer.Argument(help="the jic-plan/1 JSON file to check")],
) -> None:
    """Check PLAN against SCENARIO: exit 0 if every rule holds, 1 listing each violation, 2 on unreadable input."""
    raw_scenario = _read_scenario(scenario)
    raw_plan = _read_plan(plan)
    try:
        violations = verify_plan(raw_scenario, raw_plan)
    except ScenarioInvalid as exc:
        _refuse_scenario(scenario, exc)
    if violations:
        for violation in violations:
            typer.echo(violation.line())
        rules = ", ".join(str(rule) for rule in sorted({v.rule for v in violations}))
        typer.echo(f"FAILED: {len(violations)} violation(s) of rule(s) {rules}", err=True)
        raise typer.Exit(EXIT_VIOLATIONS)
    typer.echo(f"OK: {plan} satisfies rules 1-10 for round {raw_scenario['round']['id']} ({_counts(raw_plan)})")


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: cannot read the {what} {path}: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from exc


def _read_scenario(path: Path) -> dict:
    text = _read_text(path, "scenario")
    try:
        return parse_scenario_text(text)
    except ScenarioInvalid as exc:
        _refuse_scenario(path, exc)


def _refuse_scenario(path: Path, exc: ScenarioInvalid) -> NoReturn:
    typer.echo(f"error: the scenario {path} is invalid ({len(exc.problems)} problem(s)):", err=True)
    for problem in exc.problems:
        typer.echo(f"  {problem.path or '(top level)'}: {problem.message}", err=True)
    raise typer.Exit(EXIT_INVALID)


def _read_plan(path: Path) -> Any:
    text = _read_text(path, "plan")
    try:
        return json.loads(text)
    except ValueError as exc:
        typer.echo(f"error: the plan {path} is not valid JSON: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from exc


def _counts(plan: dict) -> str:
    """Counts for the OK line (the plan has passed, so its shape is sound)."""
    visits = plan["visits"]
    slots = sum(len(visit["teams"]) for visit in visits)
    return (
        f"{len(visits)} visits, {slots} staffed slots, {len(plan['unstaffed'])} unstaffed, "
        f"{len(plan['substitutions'])} substitutions, {len(plan['selections'])} populations"
    )
