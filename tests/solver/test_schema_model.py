"""The pydantic model: field names as in spec/scenario.md, and the published JSON Schema kept in sync."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from solver.calendar import official_calendar
from solver.schema import json_schema, json_schema_text, load_scenario, parse_scenario_text, scenario_calendar

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "solver" / "data" / "jic-scenario-1.schema.json"
VECTORS = Path(__file__).parent / "vectors"


def test_the_published_schema_file_is_generated_from_the_model():
    assert SCHEMA_FILE.read_text("utf-8") == json_schema_text(), (
        "regenerate: .venv/bin/python -c \"from solver.schema import json_schema_text; "
        "open('solver/data/jic-scenario-1.schema.json', 'w').write(json_schema_text())\"")


def test_the_schema_says_what_the_spec_says():
    schema = json_schema()
    assert schema["properties"]["format"]["const"] == "jic-scenario/1"
    assert set(schema["required"]) == {"format", "round", "draw", "departments", "items", "targets", "inspectors"}
    ratio = schema["$defs"]["Item"]["properties"]["ratio"]["anyOf"][0]
    assert ratio["propertyNames"]["enum"] == ["A", "B", "C", "D", "-"]
    assert "from" in schema["$defs"]["Unavailable"]["properties"]  # the alias, not the Python name
    assert schema["$defs"]["Round"]["additionalProperties"] is True  # extra fields are allowed


def test_field_names_and_types_for_the_other_solver_modules():
    raw = parse_scenario_text((VECTORS / "small.scenario.json").read_text("utf-8"))
    raw["amendments"] = [
        {"type": "unavailable", "inspector": "4401140003", "from": "2026-09-15", "to": "2026-09-16",
         "reason": "病假", "recorded_at": "2026-09-14T09:12:00+08:00"},
        {"type": "conflict", "inspector": "4401140001", "target": "91440106MALUKCN94U",
         "reason": "回避", "recorded_at": "2026-09-14T15:40:00+08:00"},
    ]
    raw["targets"][0]["x-extra"] = {"kept": True}
    s = load_scenario(raw)
    assert s.round.window.start == dt.date(2026, 9, 14) and s.round.annual_cap is None
    assert s.items[0].count == 6 and s.items[0].ratio is None and s.items[0].required_tags == ["食品"]
    assert s.items[1].ratio["A"] == "4.5%"
    assert s.targets[2].history[0].date == dt.date(2025, 9, 16)
    assert s.targets[2].history[0].inspectors == ["4401140004", "4401149012"]
    assert s.inspectors[0].certificate_expires == dt.date(2028, 12, 31) and s.inspectors[0].can_lead is True
    assert s.conflicts.inspector_target[0] == ["4401140002", "91440117MAX9RM9A1G"]
    assert s.amendments[0].from_ == dt.date(2026, 9, 15) and s.amendments[1].target == "91440106MALUKCN94U"
    assert s.targets[0].model_extra == {"x-extra": {"kept": True}}


def test_scenario_calendar_applies_the_overrides():
    raw = parse_scenario_text((VECTORS / "small.scenario.json").read_text("utf-8"))
    raw["calendar"] = {"extra_holidays": ["2026-09-21"], "extra_workdays": ["2026-09-19"], "years": []}
    calendar = scenario_calendar(load_scenario(raw))
    assert official_calendar().is_workday(dt.date(2026, 9, 21)) and not calendar.is_workday(dt.date(2026, 9, 21))
    assert calendar.is_workday(dt.date(2026, 9, 19))  # a Saturday made a working day
    assert not calendar.knows(2027)


def test_the_schema_file_is_valid_json_with_a_draft():
    data = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert data["$schema"].endswith("2020-12/schema") and data["title"] == "jic-scenario/1"
