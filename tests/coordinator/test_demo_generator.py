"""The demo district generator: deterministic bytes, valid codes, realistic counts and shares."""

from __future__ import annotations

import collections
import datetime as dt
import re
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.demo import generate as gen
from coordinator.demo.history import sample_size
from coordinator.domain import result_codes
from coordinator.domain.uscc import is_valid_uscc
from solver.calendar import official_calendar

REGISTRY_ID = re.compile(r"^[A-Z]{1,4}-[0-9A-Z-]{1,30}$")
CERTIFICATE = re.compile(r"^[0-9]{12}$")


@pytest.fixture(scope="module")
def district():
    """The checked-in district (a test below proves it equals a fresh generation)."""
    return gen.read_district()


def test_generation_is_deterministic_and_seeded():
    first = gen.render(gen.generate_district(firms=300))
    assert first == gen.render(gen.generate_district(firms=300))
    assert first != gen.render(gen.generate_district(seed=gen.SEED + 7, firms=300))


def test_cli_regenerates_the_checked_in_bytes(tmp_path):
    out = tmp_path / "district.json"
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "generate", "--file", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == gen.DEFAULT_PATH.read_bytes()
    assert runner.invoke(app, ["demo", "generate", "--file", str(out)]).output.strip().endswith(
        f"unchanged ({out.stat().st_size} bytes)")
    out.write_bytes(out.read_bytes().replace(b"\"SCJG-01\"", b"\"SCJG-99\"", 1))
    assert runner.invoke(app, ["demo", "generate", "--check", "--file", str(out)]).exit_code == 1


def test_no_floats_anywhere(district):
    def walk(value):
        if isinstance(value, dict):
            return any(walk(v) for v in value.values())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return isinstance(value, float)

    assert not walk(district)


def test_targets_have_valid_unique_codes(district):
    targets = district["targets"]
    ids = [t["id"] for t in targets]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    firms = [t for t in targets if t["id_kind"] == "uscc"]
    others = [t for t in targets if t["id_kind"] == "registry"]
    assert len(firms) >= 5000 and len(others) >= 50
    assert all(is_valid_uscc(t["id"]) and t["id"][2:8] == "440105" for t in firms)
    assert all(REGISTRY_ID.match(t["id"]) and not is_valid_uscc(t["id"]) for t in others)
    assert len({t["name"] for t in targets}) == len(targets)


def test_organisation_code_check_character():
    # GB 11714: weights 3 7 9 10 5 8 4 2, check = 11 - sum mod 11 (10 → X, 11 → 0).
    assert gen.organisation_check("D2143569") == "X"  # sum 199, 199 mod 11 = 1, 11 - 1 = 10
    assert gen.organisation_check("00000000") == "0"  # 11 - 0 = 11
    assert gen.organisation_check("00000001") == "9"  # 1 × 2 = 2, 11 - 2 = 9


def _share(rows, key, value):
    return sum(1 for r in rows if r[key] == value) / len(rows)


def test_streets_grades_and_statuses_are_realistic(district):
    streets = district["district"]["streets"]
    assert 8 <= len(streets) <= 12
    firms = [t for t in district["targets"] if t["id_kind"] == "uscc"]
    assert {t["street"] for t in district["targets"]} == set(streets)
    bounds = {"A": (0.25, 0.35), "B": (0.40, 0.50), "C": (0.12, 0.18), "D": (0.03, 0.07), None: (0.03, 0.09)}
    for grade, (low, high) in bounds.items():
        assert low <= _share(firms, "risk_grade", grade) <= high, grade
    inactive = 1 - _share(firms, "status", "active")
    assert 0.03 <= inactive <= 0.10
    counts = collections.Counter(t["status"] for t in firms)
    assert counts["deregistered"] > 50 and counts["revoked"] > 30 and counts["cancelled"] and counts["moved_out"]
    assert len({t["industry"] for t in firms}) >= 15


def test_departments_and_items_follow_the_seeds(district):
    codes = [d["code"] for d in district["departments"]]
    assert {"SCJG", "XF", "HB", "WJ", "YJ", "LY"} <= set(codes) and len(codes) >= 6
    items = district["items"]
    names = " ".join(i["name"] for i in items)
    for seed_item in ("临时使用绿地", "户外广告设施", "油烟", "渣土运输", "林木种子", "爆破作业单位"):
        assert seed_item in names
    for item in items:
        assert item["department"] in codes and item["legal_basis"].startswith("《")
        assert set(item["check_methods"]) <= {"onsite", "document", "online", "testing", "professional"}
        assert item["notice_mode"] in ("advance", "unannounced")
        if item["on_random_list"]:
            assert (item["ratio"] is None) != (item["count"] is None), item["code"]
        for ratio in (item["ratio"] or {}).values():
            assert isinstance(ratio, str) and Decimal(0) < Decimal(ratio) <= 1
            assert ratio == format(Decimal(ratio).normalize(), "f")  # canonical, as the importer stores it
    coverage = {}
    for code in codes:
        own = [i for i in items if i["department"] == code]
        coverage[code] = sum(i["on_random_list"] for i in own) / len(own)
    assert sum(share >= 0.7 for share in coverage.values()) >= len(codes) - 2
    assert min(coverage.values()) < 0.7 < max(coverage.values())
    assert {i["notice_mode"] for i in items} == {"advance", "unannounced"}


def test_memberships_overlap_across_departments(district):
    department_of = {i["code"]: i["department"] for i in district["items"]}
    per_target = [{department_of[c] for c in t["items"]} for t in district["targets"]]
    assert all(c in department_of for t in district["targets"] for c in t["items"])
    assert sum(len(d) >= 2 for d in per_target) > 1000
    assert sum(len(d) >= 3 for d in per_target) > 100
    on_list = collections.Counter(c for t in district["targets"] for c in t["items"])
    assert all(on_list[i["code"]] > 0 for i in district["items"] if i["on_random_list"])


def test_inspectors(district):
    inspectors = district["inspectors"]
    assert len(inspectors) >= 200
    assert len({i["certificate_no"] for i in inspectors}) == len(inspectors)
    assert all(CERTIFICATE.match(i["certificate_no"]) for i in inspectors)
    expiring = [i for i in inspectors if i["certificate_expires"].startswith("2026")]
    assert 0.02 <= len(expiring) / len(inspectors) <= 0.15
    by_department = collections.defaultdict(list)
    for inspector in inspectors:
        by_department[inspector["department"]].append(inspector)
        for period in inspector["unavailable"]:
            assert period["from"] <= period["to"] and period["reason"]
    for code, staff in by_department.items():
        assert sum(i["can_lead"] and i["active"] for i in staff) >= 3, code
    for item in district["items"]:
        for tag in item["required_tags"]:
            holders = [i for i in by_department[item["department"]] if tag in i["tags"] and i["active"]]
            assert len(holders) >= 4, (item["code"], tag)
    assert sum(1 for i in inspectors if any(p["from"] >= "2026" for p in i["unavailable"])) >= 10
    assert any(not i["active"] for i in inspectors)


def test_conflicts_point_at_real_records(district):
    inspectors = {i["certificate_no"]: i for i in district["inspectors"]}
    targets = {t["id"]: t for t in district["targets"]}
    department_of = {i["code"]: i["department"] for i in district["items"]}
    target_conflicts = district["conflicts"]["inspector_target"]
    pairs = district["conflicts"]["inspector_pairs"]
    assert len(target_conflicts) >= 20 and len(pairs) >= 10
    for conflict in target_conflicts:
        inspector = inspectors[conflict["inspector"]]
        assert inspector["department"] in {department_of[c] for c in targets[conflict["target"]]["items"]}
        assert conflict["declarant_kind"] in ("inspector", "department", "target") and conflict["reason"]
    assert {c["declarant_kind"] for c in target_conflicts} == {"inspector", "department", "target"}
    for pair in pairs:
        assert pair["inspector_a"] < pair["inspector_b"]
        assert inspectors[pair["inspector_a"]]["department"] == inspectors[pair["inspector_b"]]["department"]


def test_history_is_last_year_and_obeys_the_rules(district):
    calendar = official_calendar()
    history = district["history"]
    assert len(history) >= 500
    inspectors = {i["certificate_no"]: i for i in district["inspectors"]}
    targets = {t["id"]: t for t in district["targets"]}
    items = {i["code"]: i for i in district["items"]}
    blocked = {(c["inspector"], c["target"]) for c in district["conflicts"]["inspector_target"]}
    pairs = {(c["inspector_a"], c["inspector_b"]) for c in district["conflicts"]["inspector_pairs"]}
    keys = set()
    for record in history:
        day = dt.date.fromisoformat(record["date"])
        assert day.year == 2025 and calendar.is_workday(day)
        item = items[record["item"]]
        assert item["on_random_list"] and item["department"] == record["department"]
        assert record["item"] in targets[record["target"]]["items"]
        team = record["inspectors"]
        assert len(team) == 2 and len(set(team)) == 2 and tuple(sorted(team)) not in pairs
        for who in team:
            inspector = inspectors[who]
            assert inspector["department"] == record["department"]
            assert set(item["required_tags"]) <= set(inspector["tags"])
            assert (who, record["target"]) not in blocked
            assert not any(p["from"] <= record["date"] <= p["to"] for p in inspector["unavailable"])
        assert result_codes.is_known(record["result_code"])
        keys.add((record["target"], record["item"], record["date"]))
    assert len(keys) == len(history)
    codes = collections.Counter(r["result_code"] for r in history)
    assert 0.6 <= codes["1"] / len(history) <= 0.9
    assert sum(n for c, n in codes.items() if result_codes.is_problem(c)) >= 20
    for record in history:
        implied = result_codes.status_after(record["result_code"])
        assert implied is None or targets[record["target"]]["status"] == implied
    # Joint visits: some targets were visited by several departments on one day.
    per_visit = collections.Counter((r["target"], r["date"]) for r in history)
    assert any(n >= 2 for n in per_visit.values())


def test_users(district):
    users = {u["username"]: u for u in district["users"]}
    assert users["office"]["role"] == "office_admin" and users["auditor"]["role"] == "auditor"
    for department in district["departments"]:
        operator = users[department["code"].lower()]
        assert operator["role"] == "department_operator" and operator["department"] == department["code"]
    inspectors = {i["certificate_no"]: i for i in district["inspectors"]}
    linked = [u for u in users.values() if u["role"] == "inspector"]
    assert len(linked) >= 3
    for user in linked:
        assert inspectors[user["inspector"]]["department"] == user["department"]
    assert district["demo_password"] == gen.DEMO_PASSWORD


@pytest.mark.parametrize(
    ("population", "ratio", "expected"),
    [(41, "0.05", 3), (100, "0.07", 7), (0, "0.5", 0), (10, "1", 10), (3, "0.3", 1), (7, "0.01", 1)],
)
def test_sample_size_is_exact_decimal_ceiling(population, ratio, expected):
    # With floats 100 × 0.07 = 7.000000000000001 would round up to 8.
    item = {"count": None, "ratio": {"A": ratio}}
    assert sample_size(population, item, "A") == expected
    assert sample_size(population, item, "B") == 0
    assert sample_size(population, {"count": 5, "ratio": None}, None) == min(5, population)
