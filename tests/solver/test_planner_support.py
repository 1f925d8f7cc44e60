"""Shared builders for the planner tests: tiny scenarios as plain dicts, and one call to plan and verify.

No tests here; the planner test modules import these helpers. Scenarios
take every item's whole population (`count` = its size), so the visits are
exactly the targets listed, and the draw only decides the rankings.
"""

from __future__ import annotations

import copy
import json

from solver.assignment import plan_round
from solver.draw import rank_inspectors, run_draw
from solver.plan import make_plan
from solver.schema import load_scenario
from solver.verify import verify_plan

SOFTWARE = {"name": "test", "version": "0"}


def inspector(ident: str, dept: str, *, tags=(), can_lead=True, cert="2030-12-31", unavailable=()) -> dict:
    return {"id": ident, "department": dept, "name": ident, "tags": list(tags), "certificate_expires": cert,
            "can_lead": can_lead, "unavailable": [{"from": a, "to": b, "reason": "假"} for a, b in unavailable]}


def target(ident: str, items: list[str], *, street="一街", history=()) -> dict:
    return {"id": ident, "name": ident, "street": street, "risk": "B", "status": "active",
            "items": sorted(items), "history": list(history)}


def scenario(inspectors: list[dict], targets: list[dict], *, items: list[dict] | None = None,
             lead="SCJG", window=("2026-09-14", "2026-09-25"), planning="2026-09-07", team_size=2,
             day_cap=4, cap=20, pairs=(), conflicts=(), departments=("SCJG", "XF")) -> dict:
    """A `jic-scenario/1` dict; by default items SCJG-01 and XF-01 without tags."""
    items = items or [{"code": f"{d}-01", "department": d, "name": d, "required_tags": []} for d in departments]
    for item in items:
        item["count"] = sum(1 for t in targets if item["code"] in t["items"])
    return {
        "format": "jic-scenario/1",
        "round": {"id": "T-1", "name": "测试", "lead_department": lead, "planning_date": planning,
                  "window": {"start": window[0], "end": window[1]}, "notice_working_days": 3,
                  "team_size": team_size, "max_visits_per_inspector_per_day": day_cap,
                  "max_visits_per_inspector": cap, "exclusion_days": 365, "recusal_days": 730, "annual_cap": None},
        "draw": {"entropy_source": "test", "entropy": "01 02 03"},
        "calendar": {"extra_holidays": [], "extra_workdays": [], "years": []},
        "departments": [{"code": d, "name": d} for d in departments],
        "items": items, "targets": targets, "inspectors": inspectors,
        "conflicts": {"inspector_target": [list(c) for c in conflicts], "inspector_pairs": [list(p) for p in pairs]},
    }


def solve(raw: dict) -> tuple[dict, list]:
    """Plan the scenario and return (plan, violations found by the independent checker)."""
    raw = copy.deepcopy(raw)
    parsed = load_scenario(raw)
    draw = run_draw(raw, parsed)
    assignment = plan_round(parsed, draw)
    plan = make_plan(raw, parsed, draw, assignment, software_info=SOFTWARE)
    plan = json.loads(json.dumps(plan, ensure_ascii=False))
    return plan, verify_plan(raw, plan)


def ranking(raw: dict, target_id: str, dept: str) -> list[str]:
    """The drawn ranking of a slot (amendments do not change it)."""
    parsed = load_scenario(copy.deepcopy(raw))
    draw = run_draw(copy.deepcopy(raw), parsed)
    ids = sorted(i["id"] for i in raw["inspectors"] if i["department"] == dept)
    return rank_inspectors(draw.prk, target_id, ids)


def visit(plan: dict, target_id: str) -> dict:
    return next(v for v in plan["visits"] if v["target"] == target_id)


def loads(plan: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in plan["visits"]:
        for team in v["teams"].values():
            for i in team:
                counts[i] = counts.get(i, 0) + 1
    return counts


def reasons(plan: dict) -> set[str]:
    return {s["reason"] for s in plan["substitutions"]}
