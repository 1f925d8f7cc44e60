"""`coordinator solve`, `coordinator draw-check` and `coordinator scenario generate`.

Exit codes of `solve`: 0 a complete plan; 2 the scenario is invalid (one line
per problem, naming its path) or unreadable; 3 the plan was written but has
unstaffed slots (or was not planned at all, with `--draw-only`).

`draw-check` recomputes a published draw from the manifest and the entropy
alone (spec/draw.md §6); given a whole plan it also compares the plan's
commitment and selections with the recomputed ones (exit 1 on a difference).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from coordinator.synthetic import generate_scenario
from solver.assignment import plan_round
from solver.draw import draw_from_manifest, normalise_entropy, run_draw
from solver.plan import make_plan
from solver.schema import ScenarioInvalid, read_scenario_text

EXIT_OK, EXIT_MISMATCH, EXIT_INVALID, EXIT_INCOMPLETE = 0, 1, 2, 3
PRETTY_LIMIT = 20_000  # above this many visits/targets, files are written compact

scenario_app = typer.Typer(help="Synthetic jic-scenario/1 files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("solve")(solve)
    app.command("draw-check")(draw_check)
    scenario_app.command("generate")(generate)
    app.add_typer(scenario_app, name="scenario")


def _fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"cannot read the {what} {path}: {exc}")


def _write_json(path: Path, obj: Any, *, pretty: bool) -> None:
    """UTF-8 JSON; indented for files people read, compact (C encoder, much faster) for big ones."""
    try:
        path.write_text(json.dumps(obj, ensure_ascii=False, indent=1 if pretty else None) + "\n", encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {path}: {exc}")


def _refuse(path: Path, exc: ScenarioInvalid) -> NoReturn:
    for problem in exc.problems:
        typer.echo(f"{path}: {problem.line()}", err=True)
    _fail(f"the scenario {path} is invalid ({len(exc.problems)} problem(s))")


def _progress(stage: str, fraction: float | None, info: dict | None = None) -> None:
    """One stderr line per stage report: `[stage] 40% key=value ...` (no percentage when unknown)."""
    done = f" {fraction:.0%}" if isinstance(fraction, (int, float)) else ""
    details = " ".join(f"{k}={v}" for k, v in sorted((info or {}).items()))
    typer.echo(f"[{stage}]{done} {details}".rstrip(), err=True)


def solve(
    scenario: Annotated[Path, typer.Argument(help="the jic-scenario/1 JSON file")],
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the jic-plan/1 JSON")],
    progress: Annotated[bool, typer.Option("--progress", help="report each stage on stderr")] = False,
    draw_only: Annotated[bool, typer.Option("--draw-only", help="stop after the draw: no dates, no teams (exit 3)")] = False,
    draw_workers: Annotated[int, typer.Option("--draw-workers", min=1, help="processes hashing a big draw "
                                              "(same result; pays only on idle cores)")] = 1,
) -> None:
    """Validate SCENARIO, run the draw and the planner, write the plan: exit 0, 2 (invalid) or 3 (unstaffed slots)."""
    started = time.perf_counter()
    try:
        raw, model = read_scenario_text(_read_text(scenario, "scenario"))
        if progress:
            _progress("validate", 1.0, {"targets": len(model.targets), "seconds": round(time.perf_counter() - started, 3)})
        draw = run_draw(raw, model, workers=draw_workers)
    except ScenarioInvalid as exc:
        _refuse(scenario, exc)
    if progress:
        _progress("draw", 1.0, {"visits": len(draw.visits), "commitment": draw.commitment[:16],
                                "seconds": round(time.perf_counter() - started, 3)})
    planned_at = time.perf_counter()
    assignment = None if draw_only else plan_round(model, draw, progress=_progress if progress else None)
    plan = make_plan(raw, model, draw, assignment, solve_seconds=time.perf_counter() - planned_at)
    _write_json(output, plan, pretty=len(plan["visits"]) <= PRETTY_LIMIT)
    status = plan["stats"]["solver_status"]
    typer.echo(f"{output}: {len(plan['visits'])} visit(s), {len(plan['unstaffed'])} unstaffed slot(s), "
               f"commitment {plan['commitment']}, status {status}, {time.perf_counter() - started:.2f}s")
    for line in plan["warnings"]:
        typer.echo(f"warning: {line}", err=True)
    if plan["unstaffed"]:
        reason = "not planned (--draw-only)" if draw_only else "some slots could not be staffed"
        typer.echo(f"incomplete plan: {reason}; see `unstaffed` in {output}", err=True)
        raise typer.Exit(EXIT_INCOMPLETE)


def _manifest_of(document: Any, path: Path) -> tuple[dict, dict | None]:
    """(manifest, plan or None) from a manifest file or a whole plan file."""
    if isinstance(document, dict) and isinstance(document.get("manifest"), dict):
        return document["manifest"], document
    if isinstance(document, dict) and isinstance(document.get("populations"), list):
        return document, None
    _fail(f"{path} is neither a jic-draw/1 manifest nor a jic-plan/1 plan")


def draw_check(
    manifest: Annotated[Path, typer.Argument(help="the published manifest JSON (or a whole jic-plan/1 file)")],
    entropy: Annotated[str, typer.Argument(help="the entropy exactly as published (outer white space is removed)")],
) -> None:
    """Recompute a published draw from MANIFEST and ENTROPY alone; print the commitment and each selection."""
    try:
        document = json.loads(_read_text(manifest, "manifest"))
    except ValueError as exc:
        _fail(f"{manifest} is not valid JSON: {exc}")
    found, plan = _manifest_of(document, manifest)
    try:
        commitment, selections = draw_from_manifest(found, entropy)
    except (KeyError, TypeError, ValueError) as exc:
        _fail(f"{manifest}: the manifest is malformed ({exc!r})")
    typer.echo(f"algorithm   {found.get('algorithm')}")
    typer.echo(f"round       {found.get('round')}")
    typer.echo(f"commitment  {commitment}")
    typer.echo(f"entropy     {json.dumps(normalise_entropy(entropy), ensure_ascii=False)}")
    for sel in selections:
        ids = " ".join(sel["targets"]) or "-"
        typer.echo(f"{sel['department']} {sel['item']} {sel['stratum']} N={sel['population']} n={sel['n']}: {ids}")
    if plan is not None:
        _compare_with_plan(plan, commitment, selections, entropy)


def _compare_with_plan(plan: dict, commitment: str, selections: list[dict], entropy: str) -> None:
    differences = []
    if plan.get("commitment") != commitment:
        differences.append(f"the plan's commitment {plan.get('commitment')} differs from the recomputed {commitment}")
    if plan.get("entropy") != normalise_entropy(entropy):
        differences.append("the plan's entropy differs from the one given")
    if plan.get("selections") != selections:
        differences.append("the plan's selections differ from the recomputed draw")
    for line in differences:
        typer.echo(f"MISMATCH: {line}", err=True)
    if differences:
        raise typer.Exit(EXIT_MISMATCH)
    typer.echo("the plan's commitment, entropy and selections match the recomputed draw")


def generate(
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the scenario JSON")],
    targets: Annotated[int, typer.Option("--targets", min=1, help="number of targets")] = 1000,
    departments: Annotated[int, typer.Option("--departments", min=1, help="number of departments")] = 3,
    inspectors: Annotated[int, typer.Option("--inspectors", min=3, help="number of inspectors, all departments")] = 30,
    seed: Annotated[int, typer.Option("--seed", help="seed of the synthetic stream")] = 1,
    tight: Annotated[bool, typer.Option("--tight", help="make some slots impossible to staff")] = False,
) -> None:
    """Write a realistic synthetic jic-scenario/1 round, the same for the same arguments."""
    try:
        scenario = generate_scenario(targets=targets, departments=departments, inspectors=inspectors,
                                     seed=seed, tight=tight)
    except ValueError as exc:
        _fail(str(exc))
    _write_json(output, scenario, pretty=targets <= PRETTY_LIMIT)
    typer.echo(f"{output}: round {scenario['round']['id']}, {targets} targets, {departments} departments, "
               f"{len(scenario['inspectors'])} inspectors{' (tight)' if tight else ''}")
