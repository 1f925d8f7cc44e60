"""The issue's must-show: `coordinator verify` accepts spec/examples/small.plan.json
and rejects it once any value a rule covers is changed (a visit date, a team
member, a selected target, a deadline, a substitution reason); the command's
exit codes and output lines.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from coordinator.cli import app
from tests.solver.test_verify_support import check, example, examples_dir, find_visit, rules, where

runner = CliRunner()


def _write(tmp_path, scenario, plan):
    s, p = tmp_path / "scenario.json", tmp_path / "plan.json"
    s.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    p.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return str(s), str(p)


def test_cli_accepts_the_example_plan():
    result = runner.invoke(
        app, ["verify", str(examples_dir() / "small.scenario.json"), str(examples_dir() / "small.plan.json")]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")
    assert "17 visits, 18 staffed slots, 0 unstaffed, 18 substitutions, 9 populations" in result.output


def test_changed_visit_date_is_rejected():
    scenario, plan = example()
    find_visit(plan, "91440106MALUKCN94U")["date"] = "2026-09-15"
    found = check(scenario, plan)
    assert 10 in rules(found)  # its feedback deadline no longer matches
    assert ("91440106MALUKCN94U", None, None) in where(found, 10)


def test_changed_team_member_is_rejected():
    scenario, plan = example()
    # 4401140003 replaces 4401140004: it was skipped there for capacity (four visits that day already).
    find_visit(plan, "52440114MATQ4C745H")["teams"]["SCJG"] = ["4401140003", "4401140002"]
    found = check(scenario, plan)
    assert 7 in rules(found)
    assert (None, "SCJG", "4401140003") in where(found, 7)


def test_changed_selected_target_is_rejected():
    scenario, plan = example()
    plan["selections"][6]["targets"] = ["91440113MAR2K02Q2F"]
    found = check(scenario, plan)
    assert rules(found) == {1}
    assert where(found, 1) == {("91440113MAR2K02Q2F", "XF", None)}


def test_changed_deadline_is_rejected():
    scenario, plan = example()
    plan["deadlines"]["publication_due"] = "2026-10-15"
    found = check(scenario, plan)
    assert rules(found) == {10}
    assert "publication_due" in found[0].message


def test_changed_substitution_reason_is_rejected():
    scenario, plan = example()
    entry = next(s for s in plan["substitutions"] if s["reason"] == "pair_conflict")
    entry["reason"] = "unqualified"  # 4401150003 holds 消防设施, the tag XF-02 needs
    found = check(scenario, plan)
    assert rules(found) == {9}
    assert where(found, 9) == {(entry["target"], "XF", entry["skipped"])}


def test_cli_lists_every_violation_and_exits_1(tmp_path):
    scenario, plan = example()
    plan["substitutions"][0]["reason"] = "unavailable"
    plan["deadlines"]["summary_due"] = "2026-09-22"
    result = runner.invoke(app, ["verify", *_write(tmp_path, scenario, plan)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "rule 9: 91440106MAYXBL5AXQ/SCJG/4401140002: no recorded reason is true (unavailable)",
        'rule 10: -/-/-: deadlines.summary_due is "2026-09-22", expected "2026-09-21"',
    ]
    assert "FAILED: 2 violation(s) of rule(s) 9, 10" in result.stderr


def test_cli_refuses_an_invalid_scenario_with_exit_2(tmp_path):
    scenario, plan = example()
    scenario["items"][0]["ratio"] = {"A": 0.05}  # a float ratio, and ratio next to count
    s, p = _write(tmp_path, scenario, plan)
    result = runner.invoke(app, ["verify", s, p])
    assert result.exit_code == 2
    assert "items[0].ratio.A" in result.stderr
    assert "Traceback" not in result.output


def test_cli_refuses_a_scenario_without_entropy_with_exit_2(tmp_path):
    scenario, plan = example()
    del scenario["draw"]["entropy"]
    result = runner.invoke(app, ["verify", *_write(tmp_path, scenario, plan)])
    assert result.exit_code == 2
    assert "draw.entropy" in result.stderr


@pytest.mark.parametrize("content", ["{not json", "", "\xff"])
def test_cli_refuses_an_unreadable_plan_with_exit_2(tmp_path, content):
    scenario, plan = example()
    s, p = _write(tmp_path, scenario, plan)
    with open(p, "w", encoding="latin-1") as handle:
        handle.write(content)
    result = runner.invoke(app, ["verify", s, p])
    assert result.exit_code == 2
    assert "error: " in result.stderr and "plan" in result.stderr


def test_cli_refuses_a_missing_file_with_exit_2(tmp_path):
    result = runner.invoke(app, ["verify", str(examples_dir() / "small.scenario.json"), str(tmp_path / "absent.json")])
    assert result.exit_code == 2
    assert "cannot read the plan" in result.stderr


def test_cli_reports_a_plan_that_is_not_an_object_as_a_violation(tmp_path):
    scenario, _plan = example()
    result = runner.invoke(app, ["verify", *_write(tmp_path, scenario, [1, 2])])
    assert result.exit_code == 1
    assert result.stdout.startswith("rule 0: -/-/-: the plan is not a JSON object")
