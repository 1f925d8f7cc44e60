"""Assemble a `jic-plan/1` document (spec/scenario.md, "Plan") from the draw and an assignment.

The seam with the planner is `make_plan(raw, scenario, draw, assignment)`:
`assignment` is whatever `solver.assignment.plan_round` returns, read by
attribute: `visits` (target → object with `date`, `teams`, `leader`),
`substitutions` (plan dicts), `unstaffed` (plan dicts) and `stats` (any of
`solver_status`, `objective`, `bound`, `solve_seconds`,
`max_visits_per_inspector_effective`). Without an assignment the plan is the
draw alone: no dates, no teams, every (visit, department) slot unstaffed,
which `coordinator solve` reports with exit code 3.

Key order is fixed, visits sort by (date, target) with undated visits last.
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from typing import Any

from solver.deadlines import plan_deadlines
from solver.draw import DrawResult
from solver.schema import Scenario, scenario_calendar

FORMAT = "jic-plan/1"
DISTRIBUTION = "joint-inspection-coordinator"
NOT_PLANNED = "not planned: no planner ran for this round, so no team was formed"
FAR_FUTURE = dt.date.max


def software() -> dict:
    """{name, version} of this software, from the installed distribution."""
    try:
        version = metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": DISTRIBUTION, "version": version}


def _visit_entries(draw: DrawResult, assignment: Any) -> list[dict]:
    planned = assignment.visits if assignment is not None else {}
    visits = []
    for visit in draw.visits:
        got = planned.get(visit.target)
        day = getattr(got, "date", None)
        visits.append({
            "target": visit.target,
            "date": day.isoformat() if day is not None else None,
            "items": list(visit.items),
            "teams": {d: list(m) for d, m in sorted((getattr(got, "teams", None) or {}).items()) if m},
            "leader": getattr(got, "leader", None),
        })
    visits.sort(key=lambda v: (v["date"] or FAR_FUTURE.isoformat(), v["target"]))
    return visits


def _unstaffed(draw: DrawResult, assignment: Any) -> list[dict]:
    if assignment is not None:
        return [dict(entry) for entry in assignment.unstaffed]
    return [{"target": v.target, "department": d, "reason": NOT_PLANNED} for v in draw.visits for d in v.departments]


def _stats(scenario: Scenario, draw: DrawResult, visits: list[dict], assignment: Any, solve_seconds: float) -> dict:
    items_checked = sum(len(v["items"]) for v in visits)
    stats = {
        "targets_drawn": len(draw.visits),
        "visits": len(visits),
        "items_checked": items_checked,
        "items_per_visit": round(items_checked / len(visits), 2) if visits else 0.0,
        "visits_if_drawn_independently": draw.visits_if_drawn_independently,
        "solver_status": "NOT_PLANNED",
        "objective": 0,
        "bound": 0,
        "solve_seconds": round(solve_seconds, 3),
        "max_visits_per_inspector_effective": scenario.round.max_visits_per_inspector,
    }
    if assignment is not None:
        for key in ("solver_status", "objective", "bound", "solve_seconds", "max_visits_per_inspector_effective"):
            if key in assignment.stats:
                stats[key] = assignment.stats[key]
    return stats


def make_plan(
    raw: dict,
    scenario: Scenario,
    draw: DrawResult,
    assignment: Any = None,
    *,
    solve_seconds: float = 0.0,
    software_info: dict | None = None,
) -> dict:
    """The `jic-plan/1` document for a drawn round and (optionally) the planner's assignment."""
    visits = _visit_entries(draw, assignment)
    dates = {v["target"]: dt.date.fromisoformat(v["date"]) if v["date"] else None for v in visits}
    deadlines, warnings = plan_deadlines(scenario_calendar(scenario), dates, scenario.round.notice_working_days)
    return {
        "format": FORMAT,
        "round": scenario.round.id,
        "software": software_info or software(),
        "manifest": draw.manifest,
        "commitment": draw.commitment,
        "entropy": draw.entropy,
        "selections": draw.selections,
        "visits": visits,
        "unstaffed": _unstaffed(draw, assignment),
        "substitutions": [dict(s) for s in assignment.substitutions] if assignment is not None else [],
        "warnings": warnings,
        "deadlines": deadlines,
        "stats": _stats(scenario, draw, visits, assignment, solve_seconds),
    }
