"""The planner's parts: independent parts, street days, diagnosis words, progress, greedy baseline."""

from __future__ import annotations

import copy

from solver.assignment import plan_round, problem_from
from solver.assignment.greedy import greedy_teams
from solver.draw import run_draw
from solver.grouping import independent_parts
from solver.schedule import schedule_visits
from solver.schema import load_scenario
from tests.solver.test_planner_support import inspector, scenario, solve, target

STAFF = [inspector(f"S{n}", "SCJG") for n in range(4)] + [inspector(f"X{n}", "XF") for n in range(4)]


def _problem(raw: dict):
    parsed = load_scenario(copy.deepcopy(raw))
    draw = run_draw(copy.deepcopy(raw), parsed)
    return problem_from(parsed, draw), parsed, draw


def test_departments_without_a_shared_visit_are_independent_parts():
    apart, _, _ = _problem(scenario(STAFF, [target("T0", ["SCJG-01"]), target("T1", ["XF-01"])]))
    assert independent_parts(apart) == [["SCJG"], ["XF"]]
    joined, _, _ = _problem(scenario(STAFF, [target("T0", ["SCJG-01"]), target("T1", ["SCJG-01", "XF-01"])]))
    assert independent_parts(joined) == [["SCJG", "XF"]]


def test_visits_on_one_street_share_a_day():
    targets = [target(f"T{n}", ["SCJG-01"], street="一街" if n < 3 else "二街") for n in range(5)]
    problem, _, _ = _problem(scenario(STAFF, targets, window=("2026-09-14", "2026-09-25")))
    dates = schedule_visits(problem)
    by_street = {}
    for visit in problem.visits:
        by_street.setdefault(visit.street, set()).add(dates[visit.index])
    assert len(by_street["一街"]) == 1 and len(by_street["二街"]) == 1


def test_unavailability_diagnosis_names_the_days_and_the_shortfall():
    staff = [inspector("S0", "SCJG"), inspector("S1", "SCJG", unavailable=[("2026-09-01", "2026-09-30")])]
    plan, violations = solve(scenario(staff, [target("T0", ["SCJG-01"])], departments=("SCJG",)))
    assert violations == []
    [entry] = plan["unstaffed"]
    assert entry["department"] == "SCJG"
    assert "no working day of the window has 2 eligible inspectors" in entry["reason"]
    assert "at most 1 on 2026-09-14" in entry["reason"] and "(1 short)" in entry["reason"]
    assert "缺1名" in entry["reason_zh"]
    assert plan["visits"][0]["teams"] == {} and plan["visits"][0]["leader"] is None


def test_conflict_diagnosis():
    staff = [inspector("S0", "SCJG"), inspector("S1", "SCJG"), inspector("S2", "SCJG")]
    raw = scenario(staff, [target("T0", ["SCJG-01"])], conflicts=[("S0", "T0"), ("S1", "T0")], departments=("SCJG",))
    plan, violations = solve(raw)
    assert violations == []
    assert "2 have a conflict of interest" in plan["unstaffed"][0]["reason"]


def test_progress_reports_phases_with_fractions():
    calls = []
    raw = scenario(STAFF, [target(f"T{n}", ["SCJG-01", "XF-01"]) for n in range(3)])
    parsed = load_scenario(copy.deepcopy(raw))
    plan_round(parsed, run_draw(copy.deepcopy(raw), parsed), progress=lambda *a: calls.append(a))
    phases = [c[0] for c in calls]
    assert phases[0] == "build" and phases[-1] == "done"
    assert {"schedule", "cap", "solve", "repair"} <= set(phases)
    assert all(f is None or 0.0 <= f <= 1.0 for _, f, _ in calls)
    assert calls[-1][2]["solver_status"] == "OPTIMAL"


def test_greedy_takes_the_first_eligible_inspectors():
    problem, _, _ = _problem(scenario(STAFF, [target("T0", ["SCJG-01"])], departments=("SCJG", "XF")))
    dates = schedule_visits(problem)
    teams = greedy_teams(problem, dates, problem.round_cap, frozenset())
    slot = problem.slots[0]
    assert teams[0] == list(slot.ranking[:2])
