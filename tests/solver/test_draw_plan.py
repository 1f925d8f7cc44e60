"""`make_plan`: the jic-plan/1 document from the draw, with and without the planner's assignment."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from solver.assignment import plan_round
from solver.draw import run_draw
from solver.plan import NOT_PLANNED, make_plan
from solver.schema import load_scenario, parse_scenario_text
from solver.verify import verify_plan

VECTORS = Path(__file__).parent / "vectors"
PLAN_KEYS = ["format", "round", "software", "manifest", "commitment", "entropy", "selections", "visits", "unstaffed",
             "substitutions", "warnings", "deadlines", "stats"]


@pytest.fixture(scope="module")
def small():
    raw = parse_scenario_text((VECTORS / "small.scenario.json").read_text("utf-8"))
    scenario = load_scenario(raw)
    return raw, scenario, run_draw(raw, scenario)


def test_without_a_planner_every_slot_is_unstaffed_and_nothing_is_dated(small):
    raw, scenario, draw = small
    plan = make_plan(raw, scenario, draw)
    assert list(plan) == PLAN_KEYS
    assert plan["format"] == "jic-plan/1" and plan["round"] == "GEN-20261123"
    assert all(v["date"] is None and v["teams"] == {} and v["leader"] is None for v in plan["visits"])
    slots = {(v.target, d) for v in draw.visits for d in v.departments}
    assert {(u["target"], u["department"]) for u in plan["unstaffed"]} == slots
    assert all(u["reason"] == NOT_PLANNED for u in plan["unstaffed"])
    assert plan["stats"]["solver_status"] == "NOT_PLANNED"
    assert plan["deadlines"]["notices_by"] is None and plan["deadlines"]["feedback_due"] == {
        v.target: None for v in draw.visits}


def test_stats_match_the_spec_example(small):
    raw, scenario, draw = small
    stats = make_plan(raw, scenario, draw)["stats"]
    example = json.loads((VECTORS / "small.plan.json").read_text("utf-8"))["stats"]
    for key in ("targets_drawn", "visits", "items_checked", "items_per_visit", "visits_if_drawn_independently"):
        assert stats[key] == example[key], key


def test_with_the_planner_the_plan_passes_every_rule(small):
    raw, scenario, draw = small
    plan = make_plan(raw, scenario, draw, plan_round(scenario, draw))
    assert list(plan) == PLAN_KEYS
    assert verify_plan(raw, plan) == []
    keys = [(v["date"], v["target"]) for v in plan["visits"]]
    assert keys == sorted(keys)
    assert plan["software"]["name"] == "joint-inspection-coordinator"


def test_an_assignment_is_read_by_attribute_and_undated_visits_sort_last(small):
    raw, scenario, draw = small
    first, second = draw.visits[0].target, draw.visits[1].target
    assignment = SimpleNamespace(
        visits={second: SimpleNamespace(date=dt.date(2026, 9, 15), teams={"XF": ["4401150003", "4401150001"]},
                                        leader="4401150001")},
        substitutions=[{"target": second, "department": "XF", "skipped": "4401150004", "reason": "unqualified"}],
        unstaffed=[{"target": first, "department": "SCJG", "reason": "no qualified inspector"}],
        stats={"solver_status": "FEASIBLE", "objective": 3, "bound": 2, "max_visits_per_inspector_effective": 7},
    )
    plan = make_plan(raw, scenario, draw, assignment, solve_seconds=0.25)
    assert plan["visits"][0]["target"] == second and plan["visits"][0]["date"] == "2026-09-15"
    assert all(v["date"] is None for v in plan["visits"][1:])
    assert plan["unstaffed"] == assignment.unstaffed and plan["substitutions"] == assignment.substitutions
    assert plan["stats"]["max_visits_per_inspector_effective"] == 7 and plan["stats"]["solve_seconds"] == 0.25
    assert plan["deadlines"]["feedback_due"][second] == "2026-09-28"  # 09-25 is the Mid-Autumn holiday
    assert plan["deadlines"]["feedback_due"][first] is None


def test_a_december_round_writes_null_deadlines_with_warnings(small):
    raw, _, _ = small
    raw = copy.deepcopy(raw)
    raw["round"].update(planning_date="2026-12-14", window={"start": "2026-12-21", "end": "2026-12-31"})
    scenario = load_scenario(raw)
    draw = run_draw(raw, scenario)
    plan = make_plan(raw, scenario, draw, plan_round(scenario, draw))
    dates = sorted(v["date"] for v in plan["visits"] if v["date"])
    assert dates and dates[-1] >= "2026-12-21"
    assert plan["deadlines"]["publication_due"] is None
    assert any("2027" in line for line in plan["warnings"])
    assert verify_plan(raw, plan) == []
