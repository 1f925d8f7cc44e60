"""Shared builders for the plan-checker tests (no tests here).

- `example()`: deep copies of spec/examples/small.scenario.json and
  small.plan.json (a valid, not optimal, plan), as kept in `vectors/`.
- `tiny_scenario()` / `tiny_plan()`: a hand-made round small enough that its
  correct plan follows from a one-line rule: two departments, three targets
  drawn in full, two inspectors in department A (no choice) and three in B,
  of whom `b3`'s certificate has expired (skipped with `certificate_expired`
  whenever the draw ranks it above a team member). Only the draw part
  (manifest, commitment, selections) and the slot rankings come from
  `solver.draw`, whose values have their own test vectors.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from solver.draw import rank_inspectors, run_draw
from solver.schema import load_scenario
from solver.verify import verify_plan

EXAMPLES = Path(__file__).parent / "vectors"  # copies of spec/examples/small.*.json


def examples_dir() -> Path:
    """Where small.scenario.json and small.plan.json live."""
    return EXAMPLES


_CACHE: dict[str, dict] = {}


def _load(name: str) -> dict:
    if name not in _CACHE:
        _CACHE[name] = json.loads((examples_dir() / name).read_text(encoding="utf-8"))
    return copy.deepcopy(_CACHE[name])


def example() -> tuple[dict, dict]:
    """Fresh deep copies of the example scenario and plan."""
    return _load("small.scenario.json"), _load("small.plan.json")


def rules(violations) -> set[int]:
    return {v.rule for v in violations}


def where(violations, rule: int) -> set[tuple]:
    """(target, department, inspector) of every violation of `rule`."""
    return {(v.target, v.department, v.inspector) for v in violations if v.rule == rule}


def find_visit(plan: dict, target: str) -> dict:
    return next(v for v in plan["visits"] if v["target"] == target)


# --- the tiny hand-made round ------------------------------------------------------


def _inspector(
    inspector_id: str, department: str, tags: list[str], can_lead: bool, expires: str = "2028-12-31"
) -> dict:
    return {
        "id": inspector_id,
        "department": department,
        "name": inspector_id,
        "tags": tags,
        "certificate_expires": expires,
        "can_lead": can_lead,
        "unavailable": [],
    }


def tiny_scenario() -> dict:
    """A round of three targets, all drawn: T1 {A-01, B-01}, T2 {A-01}, T3 {B-01}."""
    return {
        "format": "jic-scenario/1",
        "round": {
            "id": "TINY-1",
            "name": "tiny",
            "lead_department": "A",
            "planning_date": "2026-09-07",
            "window": {"start": "2026-09-14", "end": "2026-09-25"},
            "notice_working_days": 3,
            "team_size": 2,
            "max_visits_per_inspector_per_day": 2,
            "max_visits_per_inspector": 5,
            "exclusion_days": 365,
            "recusal_days": 730,
            "annual_cap": None,
        },
        "draw": {"entropy_source": "test ceremony", "entropy": "  42 \n"},
        "calendar": {"extra_holidays": [], "extra_workdays": []},
        "departments": [{"code": "A", "name": "甲"}, {"code": "B", "name": "乙"}],
        "items": [
            {"code": "A-01", "department": "A", "name": "a", "count": 2, "required_tags": ["t"]},
            {"code": "B-01", "department": "B", "name": "b", "count": 2, "required_tags": []},
        ],
        "targets": [
            {"id": "T1", "name": "t1", "risk": "A", "status": "active", "items": ["A-01", "B-01"], "history": []},
            {"id": "T2", "name": "t2", "risk": None, "status": "active", "items": ["A-01"], "history": []},
            {"id": "T3", "name": "t3", "risk": "C", "status": "active", "items": ["B-01"], "history": []},
        ],
        "inspectors": [
            _inspector("a1", "A", ["t"], True),
            _inspector("a2", "A", ["t"], False),
            _inspector("b1", "B", [], True),
            _inspector("b2", "B", [], False),
            _inspector("b3", "B", [], False, expires="2020-01-01"),
        ],
        "conflicts": {"inspector_target": [], "inspector_pairs": []},
    }


def ranked(raw: dict, target: str, ids: list[str]) -> list[str]:
    """`ids` in the slot ranking of `target` (best first) under the scenario's draw."""
    draw = run_draw(raw, load_scenario(raw))
    return rank_inspectors(draw.prk, target, ids)


def tiny_plan(
    raw: dict,
    *,
    date: str = "2026-09-14",
    off: dict[str, str] | None = None,
    deadlines: dict | None = None,
) -> dict:
    """The correct plan of `tiny_scenario()`-like rounds, every visit on `date`.

    Each slot takes the best-ranked `team_size` inspectors of its department
    not named in `off` (inspector -> the true reason they cannot serve); an
    `off` inspector ranked above a member gets a `substitutions` entry with
    that reason. The leader is the first can_lead member of A's team, else
    of B's, else null.
    """
    off = {"b3": "certificate_expired"} if off is None else off
    draw = run_draw(raw, load_scenario(raw))
    by_department: dict[str, list[str]] = {}
    can_lead = {}
    for inspector in raw["inspectors"]:
        by_department.setdefault(inspector["department"], []).append(inspector["id"])
        can_lead[inspector["id"]] = inspector["can_lead"]
    item_department = {item["code"]: item["department"] for item in raw["items"]}
    drawn: dict[str, set[str]] = {}
    for selection in draw.selections:
        for target in selection["targets"]:
            drawn.setdefault(target, set()).add(selection["item"])
    visits, substitutions = [], []
    for target in sorted(drawn):
        items = sorted(drawn[target])
        teams = {}
        for department in sorted({item_department[i] for i in items}):
            order = rank_inspectors(draw.prk, target, sorted(by_department[department]))
            team = [i for i in order if i not in off][: raw["round"]["team_size"]]
            teams[department] = team
            lowest = max(order.index(m) for m in team)
            for skipped in order[:lowest]:
                if skipped not in team:
                    substitutions.append(
                        {"target": target, "department": department, "skipped": skipped, "reason": off[skipped]}
                    )
        leaders = [m for d in sorted(teams) for m in teams[d] if can_lead[m]]
        visits.append(
            {"target": target, "date": date, "items": items, "teams": teams, "leader": leaders[0] if leaders else None}
        )
    return {
        "format": "jic-plan/1",
        "round": raw["round"]["id"],
        "software": {"name": "hand-made", "version": "1"},
        "manifest": draw.manifest,
        "commitment": draw.commitment,
        "entropy": draw.entropy,
        "selections": draw.selections,
        "visits": visits,
        "unstaffed": [],
        "substitutions": substitutions,
        "warnings": [],
        "deadlines": deadlines
        or {
            "notices_by": "2026-09-09",
            "feedback_due": {v["target"]: "2026-09-24" for v in visits},
            "publication_due": "2026-10-16",
            "summary_due": "2026-09-21",
        },
        "stats": {
            "targets_drawn": len(visits),
            "visits": len(visits),
            "items_checked": sum(len(v["items"]) for v in visits),
            "items_per_visit": 1.33,
            "visits_if_drawn_independently": 3.0,
            "solver_status": "OPTIMAL",
            "objective": 0,
            "bound": 0,
            "solve_seconds": 0.0,
            "max_visits_per_inspector_effective": 5,
        },
    }


def check(raw: dict, plan: dict):
    """verify_plan on deep copies (the checker must not need to change its inputs)."""
    return verify_plan(copy.deepcopy(raw), copy.deepcopy(plan))
