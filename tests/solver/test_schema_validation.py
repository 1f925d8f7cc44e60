"""The bad-scenario corpus: one case per kind of problem, each asserting the path it is reported at."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from solver.schema import Problem, ScenarioInvalid, load_scenario, parse_scenario_text, read_scenario_text

EXAMPLE = Path(__file__).parent / "vectors" / "small.scenario.json"  # copy of spec/examples/


@pytest.fixture(scope="module")
def good() -> dict:
    return parse_scenario_text(EXAMPLE.read_text("utf-8"))


def problems_of(raw: dict) -> list[Problem]:
    with pytest.raises(ScenarioInvalid) as caught:
        load_scenario(raw)
    return caught.value.problems


def paths_of(raw: dict) -> set[str]:
    return {p.path for p in problems_of(raw)}


def test_the_example_is_valid(good):
    scenario = load_scenario(good)
    assert scenario.round.window.start.isoformat() == "2026-09-14"
    assert scenario.items[1].ratio["B"] == "0.075"


def _set(path: list, value):
    def mutate(raw):
        node = raw
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _delete(path: list):
    def mutate(raw):
        node = raw
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


def _append(path: list, value):
    def mutate(raw):
        node = raw
        for key in path:
            node = node[key]
        node.append(copy.deepcopy(value))
    return mutate


CASES = {
    "missing round id": (_delete(["round", "id"]), "round.id"),
    "missing targets": (_delete(["targets"]), "targets"),
    "missing per-round cap": (_delete(["round", "max_visits_per_inspector"]), "round.max_visits_per_inspector"),
    "null per-day cap": (_set(["round", "max_visits_per_inspector_per_day"], None),
                         "round.max_visits_per_inspector_per_day"),
    "missing target status": (_delete(["targets", 3, "status"]), "targets[3].status"),
    "float ratio": (_set(["items", 1, "ratio", "B"], 0.075), "items[1].ratio.B"),
    "ratio over 100%": (_set(["items", 1, "ratio", "A"], "120%"), "items[1].ratio.A"),
    "ratio over 1": (_set(["items", 1, "ratio", "A"], "1.5"), "items[1].ratio.A"),
    "ratio not matching": (_set(["items", 1, "ratio", "C"], "5 %"), "items[1].ratio.C"),
    "negative ratio": (_set(["items", 1, "ratio", "C"], "-0.1"), "items[1].ratio.C"),
    "unknown ratio key": (_set(["items", 1, "ratio", "E"], "5%"), "items[1].ratio.E"),
    "both ratio and count": (_set(["items", 1, "count"], 3), "items[1]"),
    "neither ratio nor count": (_delete(["items", 0, "count"]), "items[0]"),
    "negative count": (_set(["items", 0, "count"], -1), "items[0].count"),
    "window end before start": (_set(["round", "window", "end"], "2026-09-01"), "round.window.end"),
    "date that does not parse": (_set(["round", "planning_date"], "2026-02-30"), "round.planning_date"),
    "date in another format": (_set(["targets", 2, "history", 0, "date"], "2025/09/16"), "targets[2].history[0].date"),
    "compact date": (_set(["inspectors", 0, "certificate_expires"], "20281231"), "inspectors[0].certificate_expires"),
    "duplicate target id": (_set(["targets", 5, "id"], "91440106MALUKCN94U"), "targets[5].id"),
    "duplicate inspector id": (_set(["inspectors", 1, "id"], "4401140001"), "inspectors[1].id"),
    "duplicate item code": (_set(["items", 1, "code"], "SCJG-01"), "items[1].code"),
    "duplicate department": (_set(["departments", 1, "code"], "SCJG"), "departments[1].code"),
    "item of unknown department": (_set(["items", 2, "department"], "GA"), "items[2].department"),
    "target lists unknown item": (_set(["targets", 0, "items"], ["SCJG-02", "ZZ-09"]), "targets[0].items[1]"),
    "inspector of unknown department": (_set(["inspectors", 2, "department"], "GA"), "inspectors[2].department"),
    "unknown lead department": (_set(["round", "lead_department"], "GA"), "round.lead_department"),
    "conflict names unknown inspector": (_set(["conflicts", "inspector_target", 1, 0], "9999"),
                                         "conflicts.inspector_target[1][0]"),
    "conflict names unknown target": (_set(["conflicts", "inspector_target", 1, 1], "NOPE"),
                                      "conflicts.inspector_target[1][1]"),
    "pair names unknown inspector": (_set(["conflicts", "inspector_pairs", 2, 1], "9999"),
                                     "conflicts.inspector_pairs[2][1]"),
    "pair of one inspector": (_set(["conflicts", "inspector_pairs", 0], ["4401140004", "4401140004"]),
                              "conflicts.inspector_pairs[0]"),
    "amendment names unknown inspector": (
        _set(["amendments"], [{"type": "unavailable", "inspector": "9999", "from": "2026-09-15", "to": "2026-09-16",
                               "reason": "病假", "recorded_at": "2026-09-14T09:00:00+08:00"}]), "amendments[0].inspector"),
    "amendment names unknown target": (
        _set(["amendments"], [{"type": "conflict", "inspector": "4401140001", "target": "NOPE",
                               "reason": "回避", "recorded_at": "2026-09-14T09:00:00+08:00"}]), "amendments[0].target"),
    "amendment of unknown type": (
        _set(["amendments"], [{"type": "promotion", "inspector": "4401140001",
                               "reason": "x", "recorded_at": "2026-09-14T09:00:00+08:00"}]), "amendments[0].type"),
    "unavailable amendment without dates": (
        _set(["amendments"], [{"type": "unavailable", "inspector": "4401140001",
                               "reason": "x", "recorded_at": "2026-09-14T09:00:00+08:00"}]), "amendments[0].from"),
    "window in an unknown year": (_set(["round", "window"], {"start": "2027-03-01", "end": "2027-03-26"}),
                                  "round.window.start"),
    "earliest visit date in an unknown year": (
        lambda raw: raw["round"].update(planning_date="2026-12-30", notice_working_days=3,
                                        window={"start": "2026-12-31", "end": "2026-12-31"}),
        "round.planning_date"),
    "date in both calendar lists": (
        lambda raw: raw["calendar"].update(extra_holidays=["2026-09-21"], extra_workdays=["2026-09-19", "2026-09-21"]),
        "calendar.extra_workdays[1]"),
    "built-in year in calendar.years": (_set(["calendar", "years"], [2027, 2025]), "calendar.years[1]"),
    "unknown risk value": (_set(["targets", 0, "risk"], "E"), "targets[0].risk"),
    "lower-case risk value": (_set(["targets", 0, "risk"], "b"), "targets[0].risk"),
    "non-integer team size": (_set(["round", "team_size"], 2.0), "round.team_size"),
    "team size zero": (_set(["round", "team_size"], 0), "round.team_size"),
    "string where integer": (_set(["round", "exclusion_days"], "365"), "round.exclusion_days"),
    "boolean where integer": (_set(["round", "notice_working_days"], True), "round.notice_working_days"),
    "can_lead not boolean": (_set(["inspectors", 0, "can_lead"], "yes"), "inspectors[0].can_lead"),
    "unavailable range reversed": (
        _append(["inspectors", 0, "unavailable"], {"from": "2026-09-20", "to": "2026-09-18", "reason": "x"}),
        "inspectors[0].unavailable[0].to"),
    "wrong format": (_set(["format"], "jic-scenario/2"), "format"),
    "conflict pair too long": (_set(["conflicts", "inspector_target", 0], ["a", "b", "c"]),
                               "conflicts.inspector_target[0]"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_problem_is_reported_at_its_path(good, name):
    mutate, path = CASES[name]
    raw = copy.deepcopy(good)
    mutate(raw)
    paths = paths_of(raw)
    assert path in paths, f"{name}: expected a problem at {path}, got {sorted(paths)}"


def test_every_problem_is_reported_at_once(good):
    raw = copy.deepcopy(good)
    raw["items"][1]["ratio"]["B"] = "200%"
    raw["targets"][0]["risk"] = "Z"
    raw["inspectors"][2]["department"] = "GA"
    raw["round"]["window"]["end"] = "2026-09-01"
    raw["conflicts"]["inspector_target"][0][1] = "NOPE"
    paths = paths_of(raw)
    assert {"items[1].ratio.B", "targets[0].risk", "inspectors[2].department", "round.window.end",
            "conflicts.inspector_target[0][1]"} <= paths


def test_a_problem_message_is_english_and_names_the_value(good):
    raw = copy.deepcopy(good)
    raw["items"][2]["department"] = "GA"
    [problem] = [p for p in problems_of(raw) if p.path == "items[2].department"]
    assert "unknown department 'GA'" in problem.message


def test_the_original_is_not_changed_by_validation(good):
    before = json.dumps(good, sort_keys=True)
    load_scenario(good)
    assert json.dumps(good, sort_keys=True) == before


def test_a_new_year_listed_in_calendar_years_makes_a_2027_window_valid(good):
    raw = copy.deepcopy(good)
    raw["round"].update(planning_date="2027-02-22", window={"start": "2027-03-01", "end": "2027-03-26"})
    raw["calendar"] = {"extra_holidays": ["2027-01-01"], "extra_workdays": [], "years": [2027]}
    assert load_scenario(raw).calendar.years == [2027]


def test_null_caps_and_absent_optional_sections_are_accepted(good):
    raw = copy.deepcopy(good)
    raw["round"].update(exclusion_days=None, recusal_days=None, annual_cap=None)
    del raw["calendar"]
    del raw["conflicts"]
    raw["targets"][0].pop("risk")
    raw["targets"][1]["risk"] = None
    raw["targets"][2]["risk"] = "-"
    scenario = load_scenario(raw)
    assert scenario.round.exclusion_days is None
    assert scenario.targets[0].risk is None and scenario.targets[2].risk == "-"


# --- strict JSON -----------------------------------------------------------------------


def test_a_number_with_a_point_or_exponent_is_a_problem_at_its_path():
    text = '{"format": "jic-scenario/1", "round": {"team_size": 2.0, "x": [1, 2e3]}}'
    with pytest.raises(ScenarioInvalid) as caught:
        parse_scenario_text(text)
    assert {p.path for p in caught.value.problems} == {"round.team_size", "round.x[1]"}


def test_nan_and_bad_json_are_refused_with_a_message():
    for text in ('{"a": NaN}', '{"a": 1,}', "[1, 2]"):
        with pytest.raises(ScenarioInvalid) as caught:
            parse_scenario_text(text)
        assert caught.value.problems and caught.value.problems[0].path == ""


def test_a_key_given_twice_is_a_problem():
    with pytest.raises(ScenarioInvalid) as caught:
        parse_scenario_text('{"round": {"id": "A", "id": "B"}}')
    assert [p.path for p in caught.value.problems] == ["round.id"]


def test_read_scenario_text_reports_number_and_model_problems_together(good):
    raw = copy.deepcopy(good)
    raw["items"][1]["ratio"]["B"] = 0.075
    raw["inspectors"][2]["department"] = "GA"
    text = json.dumps(raw, ensure_ascii=False)
    with pytest.raises(ScenarioInvalid) as caught:
        read_scenario_text(text)
    paths = [p.path for p in caught.value.problems]
    assert "items[1].ratio.B" in paths and "inspectors[2].department" in paths
    assert paths.count("items[1].ratio.B") == 1


def test_large_integers_are_fine():
    raw = parse_scenario_text('{"n": 123456789012345678901234567890}')
    assert raw["n"] == 123456789012345678901234567890
