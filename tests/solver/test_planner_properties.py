"""Property-based tests on random small rounds (hypothesis, derandomized, bounded).

Every plan passes the independent checker; rounds built to be fully staffable
are fully staffed; a slot whose department has nobody with the required
qualification is unstaffed and the diagnosis names the tag and the shortfall.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.solver.test_planner_support import inspector, scenario, solve, target

DEPTS = ("SCJG", "XF", "WJ")
TAGS = ("甲", "乙")
DAYS = ["2026-09-14", "2026-09-15", "2026-09-16", "2026-09-17", "2026-09-18", "2026-09-21", "2026-09-22"]
SETTINGS = settings(derandomize=True, max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def _inspector(draw, dept: str, n: int) -> dict:
    unavailable = []
    if draw(st.booleans()):
        a, b = sorted(draw(st.lists(st.sampled_from(DAYS), min_size=2, max_size=2)))
        unavailable.append((a, b))
    return inspector(
        f"{dept}{n}", dept,
        tags=draw(st.lists(st.sampled_from(TAGS), unique=True)),
        can_lead=draw(st.booleans()),
        cert=draw(st.sampled_from([None, "2030-12-31", "2026-09-16"])),
        unavailable=unavailable,
    )


@st.composite
def rounds(draw) -> dict:
    """A random round: 1–3 departments, 1–5 inspectors each, 1–6 targets, pairs, conflicts, history."""
    depts = sorted(draw(st.lists(st.sampled_from(DEPTS), min_size=1, max_size=3, unique=True)))
    inspectors = [draw(_inspector(d, n)) for d in depts for n in range(draw(st.integers(1, 5)))]
    ids = [i["id"] for i in inspectors]
    items = [{"code": f"{d}-01", "department": d, "name": d,
              "required_tags": draw(st.lists(st.sampled_from(TAGS), max_size=1))} for d in depts]
    targets = []
    for n in range(draw(st.integers(1, 6))):
        mine = draw(st.lists(st.sampled_from([i["code"] for i in items]), min_size=1, unique=True))
        history = []
        if draw(st.booleans()):
            history.append({"department": mine[0][:-3], "item": "OLD", "date": "2025-03-01",
                            "inspectors": draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))})
        targets.append(target(f"T{n}", mine, street=draw(st.sampled_from(["一街", "二街"])), history=history))
    same_dept = [(a, b) for a in ids for b in ids if a < b and a[:-1] == b[:-1]]
    pairs = draw(st.lists(st.sampled_from(same_dept), max_size=2, unique=True)) if same_dept else []
    conflicts = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from([t["id"] for t in targets])),
                              max_size=2, unique=True))
    return scenario(
        inspectors, targets, items=items, lead=draw(st.sampled_from(DEPTS)),
        window=("2026-09-14", "2026-09-22"), team_size=draw(st.integers(1, 2)), day_cap=draw(st.integers(1, 3)),
        cap=draw(st.integers(1, 6)), pairs=pairs, conflicts=conflicts, departments=DEPTS,
    )


@SETTINGS
@given(rounds())
def test_every_plan_passes_the_checker(raw):
    plan, violations = solve(raw)
    assert violations == []
    slots = sum(len({i[:-3] for i in t["items"]}) for t in raw["targets"])
    staffed = sum(len(v["teams"]) for v in plan["visits"])
    assert staffed + len(plan["unstaffed"]) == slots


@st.composite
def staffable_rounds(draw) -> dict:
    """Everyone qualified, available, able to lead; no conflicts; caps that cannot bind."""
    depts = sorted(draw(st.lists(st.sampled_from(DEPTS), min_size=1, max_size=3, unique=True)))
    team_size = draw(st.integers(1, 2))
    inspectors = [inspector(f"{d}{n}", d, tags=TAGS) for d in depts
                  for n in range(draw(st.integers(team_size, 4)))]
    items = [{"code": f"{d}-01", "department": d, "name": d, "required_tags": ["甲"]} for d in depts]
    targets = [target(f"T{n}", draw(st.lists(st.sampled_from([i["code"] for i in items]), min_size=1, unique=True)))
               for n in range(draw(st.integers(1, 6)))]
    return scenario(inspectors, targets, items=items, lead=depts[0], team_size=team_size, day_cap=6, cap=6,
                    departments=depts)


@SETTINGS
@given(staffable_rounds())
def test_staffable_rounds_are_fully_staffed(raw):
    plan, violations = solve(raw)
    assert violations == []
    assert plan["unstaffed"] == []
    assert all(v["leader"] is not None for v in plan["visits"])


@SETTINGS
@given(staffable_rounds())
def test_a_missing_qualification_is_diagnosed(raw):
    dept = raw["items"][-1]["department"]
    raw["items"][-1]["required_tags"] = ["丙"]
    plan, violations = solve(raw)
    assert violations == []
    expected = sorted(t["id"] for t in raw["targets"] if f"{dept}-01" in t["items"])
    assert sorted(u["target"] for u in plan["unstaffed"]) == expected
    members = sum(1 for i in raw["inspectors"] if i["department"] == dept)
    for entry in plan["unstaffed"]:
        assert entry["department"] == dept
        assert "[丙]" in entry["reason"]
        assert f"only 0 of its {members} inspectors hold them ({raw['round']['team_size']} short)" in entry["reason"]
