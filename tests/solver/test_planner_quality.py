"""The planner against the greedy baseline, and determinism under load."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from solver.assignment import assignment_from, planner, problem_from
from solver.assignment.planner import load_spread, solve_greedy, solve_problem
from solver.draw import run_draw
from solver.plan import make_plan
from solver.schema import load_scenario
from solver.verify import verify_plan
from tests.solver.test_planner_properties import rounds
from tests.solver.test_planner_support import SOFTWARE, inspector, scenario, target


def _both(raw: dict):
    parsed = load_scenario(copy.deepcopy(raw))
    draw = run_draw(copy.deepcopy(raw), parsed)
    problem = problem_from(parsed, draw)
    return problem, solve_problem(problem), solve_greedy(problem), parsed, draw


def _unstaffed(solution) -> int:
    return sum(1 for team in solution.teams.values() if not team)


@settings(derandomize=True, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds())
def test_never_more_unstaffed_than_greedy_and_greedy_is_valid(raw):
    problem, planned, greedy, parsed, draw = _both(raw)
    assert _unstaffed(planned) <= _unstaffed(greedy)
    plan = make_plan(raw, parsed, draw, assignment_from(problem, greedy), software_info=SOFTWARE)
    assert verify_plan(raw, json.loads(json.dumps(plan, ensure_ascii=False))) == []


def _generated(n_targets: int, seed: int) -> dict:
    """A round where caps matter: 3 departments, few inspectors, overlapping visits."""
    inspectors = [inspector(f"{d}{n}", d, tags=["甲"] if (n + seed) % 3 else [], can_lead=(n + seed) % 2 == 0)
                  for d in ("SCJG", "XF", "WJ") for n in range(5 + seed % 3)]
    items = [{"code": f"{d}-01", "department": d, "name": d, "required_tags": ["甲"] if d == "XF" else []}
             for d in ("SCJG", "XF", "WJ")]
    targets = [target(f"T{n:03d}", [c["code"] for k, c in enumerate(items) if (n * 7 + k * seed) % 3 != 1],
                      street=f"{n % 4}街") for n in range(n_targets)]
    targets = [t for t in targets if t["items"]]
    return scenario(inspectors, targets, items=items, pairs=[("SCJG0", "SCJG1")], cap=12,
                    departments=("SCJG", "XF", "WJ"))


def test_generated_rounds_staff_and_spread_at_least_as_well_as_greedy():
    for seed in range(1, 5):
        problem, planned, greedy, _, _ = _both(_generated(24, seed))
        assert _unstaffed(planned) <= _unstaffed(greedy)
        assert load_spread(problem, planned) <= load_spread(problem, greedy)
        assert planned.cap <= problem.round_cap


def _plan_json(raw: dict) -> str:
    parsed = load_scenario(copy.deepcopy(raw))
    draw = run_draw(copy.deepcopy(raw), parsed)
    problem = problem_from(parsed, draw)
    plan = make_plan(raw, parsed, draw, assignment_from(problem, solve_problem(problem)), software_info=SOFTWARE)
    return json.dumps(plan, ensure_ascii=False, sort_keys=True)


def test_same_plan_while_both_cores_are_busy_and_under_another_hash_seed():
    raw = _generated(60, 2)
    quiet = _plan_json(raw)
    root = Path(__file__).resolve().parents[2]
    code = ("import json, sys; from tests.solver.test_planner_quality import _plan_json; "
            "sys.stdout.write(_plan_json(json.loads(sys.stdin.read())))")
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = subprocess.run([sys.executable, "-c", code], input=json.dumps(raw), capture_output=True, text=True,
                              cwd=root, env={**os.environ, "PYTHONHASHSEED": "12345"}, check=True).stdout
    finally:
        for proc in burners:
            proc.kill()
            proc.wait()
    assert busy == quiet


def test_pruned_large_round_method_still_verifies_and_bounds(monkeypatch):
    # Force the large-round path (pruned candidates, bound from the unpruned flow) on a small round.
    monkeypatch.setattr(planner, "PRUNE_ABOVE", 0)
    monkeypatch.setattr(planner, "PRUNE_MARGIN", 1)
    for seed in (1, 3):
        raw = _generated(40, seed)
        problem, solution, _, parsed, draw = _both(raw)
        assignment = assignment_from(problem, solution)
        assert assignment.stats["bound"] <= assignment.stats["objective"]
        plan = make_plan(raw, parsed, draw, assignment, software_info=SOFTWARE)
        assert verify_plan(raw, json.loads(json.dumps(plan, ensure_ascii=False))) == []
