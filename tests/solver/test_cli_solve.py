"""`coordinator solve`, `draw-check` and `scenario generate`: exit codes, messages, files written."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.domain.uscc import is_valid_uscc
from coordinator.synthetic import generate_scenario
from solver.draw import run_draw
from solver.schema import load_scenario

VECTORS = Path(__file__).parent / "vectors"
SMALL = VECTORS / "small.scenario.json"
ENTROPY = "02 09 20 24 29 33 + 09"

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_solve_writes_a_complete_plan_that_verify_accepts(tmp_path):
    out = tmp_path / "plan.json"
    result = invoke("solve", SMALL, "-o", out, "--progress")
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text("utf-8"))
    assert plan["commitment"] == json.loads((VECTORS / "small.vectors.json").read_text())["commitment"]
    assert plan["unstaffed"] == [] and all(v["date"] for v in plan["visits"])
    assert "[draw]" in result.stderr
    checked = invoke("verify", SMALL, out)
    assert checked.exit_code == 0, checked.output


def test_solve_draw_only_leaves_every_slot_unstaffed_and_exits_3(tmp_path):
    out = tmp_path / "plan.json"
    result = invoke("solve", SMALL, "-o", out, "--draw-only")
    assert result.exit_code == 3
    plan = json.loads(out.read_text("utf-8"))
    assert len(plan["unstaffed"]) == 18 and all(v["teams"] == {} for v in plan["visits"])
    assert "incomplete plan" in result.stderr


def test_an_invalid_scenario_exits_2_naming_every_path(tmp_path):
    raw = json.loads(SMALL.read_text("utf-8"))
    raw["items"][1]["ratio"]["B"] = 0.075
    raw["targets"][4]["risk"] = "E"
    raw["round"]["window"]["end"] = "2026-09-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plan.json"
    result = invoke("solve", bad, "-o", out)
    assert result.exit_code == 2
    for path in ("items[1].ratio.B", "targets[4].risk", "round.window.end"):
        assert f": {path}: " in result.stderr, result.stderr
    assert "3 problem(s)" in result.stderr
    assert not out.exists()


def test_a_missing_file_or_broken_json_exits_2(tmp_path):
    assert invoke("solve", tmp_path / "nope.json", "-o", tmp_path / "p.json").exit_code == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = invoke("solve", broken, "-o", tmp_path / "p.json")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_draw_check_recomputes_from_the_manifest_alone(tmp_path):
    plan = json.loads((VECTORS / "small.plan.json").read_text("utf-8"))
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(plan["manifest"], ensure_ascii=False), encoding="utf-8")
    result = invoke("draw-check", manifest, f"  {ENTROPY}\n")
    assert result.exit_code == 0, result.output
    assert plan["commitment"] in result.stdout
    assert "XF XF-01 A N=4 n=1: 914401180465098303" in result.stdout
    assert "SCJG SCJG-02 - N=0 n=0: -" in result.stdout


def test_draw_check_of_a_plan_compares_and_reports_a_changed_entropy():
    plan = VECTORS / "small.plan.json"
    assert invoke("draw-check", plan, ENTROPY).exit_code == 0
    result = invoke("draw-check", plan, ENTROPY + "0")
    assert result.exit_code == 1 and "MISMATCH" in result.stderr


def test_generate_is_deterministic_and_valid(tmp_path):
    first, second, other = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    args = ["--targets", "800", "--departments", "3", "--inspectors", "30"]
    assert invoke("scenario", "generate", *args, "--seed", "4", "-o", first).exit_code == 0
    assert invoke("scenario", "generate", *args, "--seed", "4", "-o", second).exit_code == 0
    assert invoke("scenario", "generate", *args, "--seed", "5", "-o", other).exit_code == 0
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()
    raw = json.loads(first.read_text("utf-8"))
    load_scenario(raw)
    assert len(raw["targets"]) == 800 and len(raw["inspectors"]) == 30


def test_generated_rounds_are_realistic():
    raw = generate_scenario(targets=6000, departments=4, inspectors=80, seed=2)
    targets = raw["targets"]
    assert all(is_valid_uscc(t["id"]) for t in targets)
    grades = collections.Counter(t["risk"] for t in targets)
    for grade, share in (("A", 0.30), ("B", 0.45), ("C", 0.15), ("D", 0.05), (None, 0.05)):
        assert abs(grades[grade] / len(targets) - share) < 0.02, (grade, grades)
    departments_per_target = collections.Counter(len({i.split("-")[0] for i in t["items"]}) for t in targets)
    assert departments_per_target[2] + departments_per_target[3] + departments_per_target[4] > 0.3 * len(targets)
    assert 0 < sum(t["status"] != "active" for t in targets) < 0.06 * len(targets)
    assert sum(bool(t["history"]) for t in targets) > 0.1 * len(targets)
    by_dept = collections.defaultdict(list)
    for person in raw["inspectors"]:
        by_dept[person["department"]].append(person)
    for people in by_dept.values():
        for tag in sorted({t for p in people for t in p["tags"]}):
            share = sum(tag in p["tags"] for p in people) / len(people)
            assert 0.2 <= share <= 0.41, (tag, share)
    assert any(p["unavailable"] for p in raw["inspectors"])
    assert raw["conflicts"]["inspector_target"] and raw["conflicts"]["inspector_pairs"]
    assert raw["round"]["window"]["start"].startswith("2026")


def test_a_tight_round_has_unstaffed_slots_and_exits_3(tmp_path):
    scenario, out = tmp_path / "tight.json", tmp_path / "plan.json"
    args = ["--targets", "1500", "--departments", "2", "--inspectors", "24", "--seed", "9", "--tight"]
    assert invoke("scenario", "generate", *args, "-o", scenario).exit_code == 0
    result = invoke("solve", scenario, "-o", out)
    assert result.exit_code == 3, result.output
    plan = json.loads(out.read_text("utf-8"))
    assert plan["unstaffed"] and plan["visits"]
    assert invoke("verify", scenario, out).exit_code == 0


def test_generate_refuses_too_few_inspectors_in_english(tmp_path):
    result = invoke("scenario", "generate", "--targets", "10", "--departments", "3", "--inspectors", "4",
                    "--seed", "1", "-o", tmp_path / "x.json")
    assert result.exit_code == 2 and "inspectors" in result.stderr


def test_the_installed_command_runs_outside_the_repository(tmp_path):
    command = Path(sys.executable).parent / "coordinator"
    result = subprocess.run([str(command), "solve", str(SMALL), "-o", "plan.json", "--draw-only"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert json.loads((tmp_path / "plan.json").read_text("utf-8"))["entropy"] == ENTROPY


def test_generated_capacity_is_somewhat_above_the_drawn_demand():
    raw = generate_scenario(targets=6000, departments=4, inspectors=80, seed=5)
    draw = run_draw(raw, load_scenario(raw))
    slots = collections.Counter(d for v in draw.visits for d in v.departments)
    staff = collections.Counter(p["department"] for p in raw["inspectors"])
    cap, team = raw["round"]["max_visits_per_inspector"], raw["round"]["team_size"]
    low, high = 1.05, 1.45  # capacity 5–45 % above the demand actually drawn
    for department, needed in sorted(slots.items()):
        ratio = staff[department] * cap / (team * needed)
        assert low <= ratio <= high, (department, ratio)


def test_solve_without_the_entropy_exits_2_naming_draw_entropy(tmp_path):
    raw = json.loads(SMALL.read_text("utf-8"))
    del raw["draw"]["entropy"]  # a committed round whose entropy is not yet public
    path = tmp_path / "committed.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    result = invoke("solve", path, "-o", tmp_path / "plan.json")
    assert result.exit_code == 2 and "draw.entropy" in result.stderr
