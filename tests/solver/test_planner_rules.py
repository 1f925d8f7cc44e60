"""Each planning rule on a hand-built scenario: the rule binds, the plan respects it and verifies."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from solver.calendar import official_calendar
from tests.solver.test_planner_support import (
    inspector,
    loads,
    ranking,
    reasons,
    scenario,
    solve,
    target,
    visit,
)

SHARED_EXAMPLE = Path(__file__).resolve().parent / "vectors" / "small.scenario.json"

SCJG = [inspector(f"S{n}", "SCJG", can_lead=n < 2) for n in range(4)]
XF = [inspector(f"X{n}", "XF", can_lead=n == 0) for n in range(4)]


def _targets(count: int, depts=("SCJG", "XF")) -> list[dict]:
    return [target(f"T{n:02d}", [f"{d}-01" for d in depts]) for n in range(count)]


def test_dates_are_working_days_after_the_notice_period():
    # planning 2026-09-28: the third working day after it is 2026-10-08 (the National Day holiday in between).
    raw = scenario(SCJG + XF, _targets(4), planning="2026-09-28", window=("2026-09-21", "2026-10-16"))
    plan, violations = solve(raw)
    assert violations == []
    calendar = official_calendar()
    earliest = calendar.add_working_days(dt.date(2026, 9, 28), 3)
    assert earliest == dt.date(2026, 10, 8)
    for v in plan["visits"]:
        day = dt.date.fromisoformat(v["date"])
        assert earliest <= day <= dt.date(2026, 10, 16) and calendar.is_workday(day)


def test_amended_unavailability_skips_the_first_ranked_inspector():
    raw = scenario(SCJG + XF, _targets(1))
    first = ranking(raw, "T00", "SCJG")[0]
    raw["amendments"] = [{"type": "unavailable", "inspector": first, "from": "2026-09-01", "to": "2026-09-30",
                          "reason": "病假", "recorded_at": "2026-09-10T09:00:00+08:00"}]
    plan, violations = solve(raw)
    assert violations == []
    assert first not in visit(plan, "T00")["teams"]["SCJG"]
    assert {"target": "T00", "department": "SCJG", "skipped": first, "reason": "unavailable"} in plan["substitutions"]


def test_amended_conflict_skips_the_first_ranked_inspector():
    raw = scenario(SCJG + XF, _targets(1))
    first = ranking(raw, "T00", "XF")[0]
    raw["amendments"] = [{"type": "conflict", "inspector": first, "target": "T00", "reason": "回避",
                          "recorded_at": "2026-09-10T09:00:00+08:00"}]
    plan, violations = solve(raw)
    assert violations == []
    assert first not in visit(plan, "T00")["teams"]["XF"]
    assert {"target": "T00", "department": "XF", "skipped": first, "reason": "conflict"} in plan["substitutions"]


def test_required_tags_keep_unqualified_inspectors_out():
    scjg = [inspector(f"S{n}", "SCJG", tags=["食品"] if n % 2 else [], can_lead=True) for n in range(6)]
    items = [{"code": "SCJG-01", "department": "SCJG", "name": "食品", "required_tags": ["食品"]},
             {"code": "XF-01", "department": "XF", "name": "消防", "required_tags": []}]
    raw = scenario(scjg + XF, _targets(6), items=items)
    plan, violations = solve(raw)
    assert violations == []
    for v in plan["visits"]:
        assert all(int(i[1:]) % 2 == 1 for i in v["teams"]["SCJG"])
    assert "unqualified" in reasons(plan)


def test_expired_certificate_and_recent_inspection_bind():
    scjg = [inspector("S0", "SCJG", cert="2026-09-01"), *[inspector(f"S{n}", "SCJG") for n in range(1, 4)]]
    history = [{"department": "SCJG", "item": "SCJG-99", "date": "2025-01-10", "inspectors": ["S1"]}]
    targets = [target(f"T{n:02d}", ["SCJG-01"], history=history) for n in range(5)]
    plan, violations = solve(scenario(scjg, targets, departments=("SCJG",)))
    assert violations == []
    for v in plan["visits"]:
        assert not {"S0", "S1"} & set(v["teams"]["SCJG"])
    assert {"certificate_expired", "recent_inspection"} <= reasons(plan)


def test_forbidden_pair_never_serves_together():
    scjg = [inspector(f"S{n}", "SCJG") for n in range(3)]
    plan, violations = solve(scenario(scjg, _targets(8, ("SCJG",)), pairs=[("S0", "S1")], departments=("SCJG",)))
    assert violations == []
    assert all(set(v["teams"]["SCJG"]) != {"S0", "S1"} for v in plan["visits"])
    assert "pair_conflict" in reasons(plan)


def test_per_day_cap_spreads_visits_over_days():
    scjg = [inspector(f"S{n}", "SCJG") for n in range(2)]
    raw = scenario(scjg, _targets(3, ("SCJG",)), day_cap=1, window=("2026-09-14", "2026-09-16"),
                   departments=("SCJG",))
    plan, violations = solve(raw)
    assert violations == []
    assert sorted(v["date"] for v in plan["visits"]) == ["2026-09-14", "2026-09-15", "2026-09-16"]


def test_effective_cap_is_the_smallest_that_staffs_every_slot():
    scjg = [inspector(f"S{n}", "SCJG") for n in range(3)]
    plan, violations = solve(scenario(scjg, _targets(3, ("SCJG",)), cap=5, departments=("SCJG",)))
    assert violations == []
    assert plan["unstaffed"] == []
    assert plan["stats"]["max_visits_per_inspector_effective"] == 2
    assert sorted(loads(plan).values()) == [2, 2, 2]


def test_round_cap_leaves_slots_unstaffed_with_a_diagnosis():
    scjg = [inspector(f"S{n}", "SCJG") for n in range(2)]
    plan, violations = solve(scenario(scjg, _targets(3, ("SCJG",)), cap=2, departments=("SCJG",)))
    assert violations == []
    assert len(plan["unstaffed"]) == 1
    assert "caps" in plan["unstaffed"][0]["reason"]
    assert plan["stats"]["max_visits_per_inspector_effective"] == 2


def test_leader_comes_from_the_lead_department():
    plan, violations = solve(scenario(SCJG + XF, _targets(4)))
    assert violations == []
    for v in plan["visits"]:
        assert v["leader"] in v["teams"]["SCJG"] and v["leader"] in ("S0", "S1")


def test_leader_from_a_non_lead_department_when_the_lead_is_absent():
    targets = [target("T00", ["XF-01"]), target("T01", ["SCJG-01", "XF-01"])]
    plan, violations = solve(scenario(SCJG + XF, targets))
    assert violations == []
    only_xf = visit(plan, "T00")
    assert list(only_xf["teams"]) == ["XF"]
    assert only_xf["leader"] == "X0"
    assert "X0" in only_xf["teams"]["XF"]


def test_leader_seat_displaces_a_higher_ranked_inspector():
    xf = [inspector(f"X{n}", "XF", can_lead=n == 0) for n in range(4)]
    plan, violations = solve(scenario(xf, _targets(8, ("XF",)), lead="XF", departments=("XF",)))
    assert violations == []
    assert all("X0" in v["teams"]["XF"] and v["leader"] == "X0" for v in plan["visits"])
    assert "leader_required" in reasons(plan)


def test_example_scenario_is_planned_optimally_and_verifies():
    raw = json.loads(SHARED_EXAMPLE.read_text(encoding="utf-8"))
    plan, violations = solve(raw)
    assert violations == []
    assert plan["unstaffed"] == []
    assert plan["stats"]["solver_status"] == "OPTIMAL"
    assert plan["stats"]["objective"] == plan["stats"]["bound"]


def test_a_team_without_leader_only_when_every_possible_leader_is_full():
    # Six seats, six units of capacity: the only inspector able to lead serves twice and is full,
    # so the third visit is staffed without a leader rather than left unstaffed.
    xf = [inspector("X0", "XF", can_lead=True), inspector("X1", "XF", can_lead=False),
          inspector("X2", "XF", can_lead=False)]
    plan, violations = solve(scenario(xf, _targets(3, ("XF",)), lead="XF", cap=2, departments=("XF",)))
    assert violations == []
    assert plan["unstaffed"] == []
    assert sorted(str(v["leader"]) for v in plan["visits"]) == ["None", "X0", "X0"]
    assert loads(plan) == {"X0": 2, "X1": 2, "X2": 2}
