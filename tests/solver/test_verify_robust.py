"""Malformed plans are reported as violations of the rule covering the field, never a traceback."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.verify import verify_plan
from tests.solver.test_verify_support import check, example, find_visit, rules, where

T = "92440104MAWP11W42Y"  # the example's visit with two departments


def _visit(plan):
    return find_visit(plan, T)


MUTATIONS = {
    "visits not a list": (lambda p: p.update(visits="none"), 2, (None, None, None)),
    "visit not an object": (lambda p: p["visits"].append(5), 2, (None, None, None)),
    "visit without target": (lambda p: _visit(p).pop("target"), 2, (None, None, None)),
    "visit given twice": (lambda p: p["visits"].append(copy.deepcopy(_visit(p))), 2, (T, None, None)),
    "visit of an unselected target": (
        lambda p: p["visits"].append(dict(copy.deepcopy(_visit(p)), target="91440118MAP6TG6E2U", date="2026-09-15")),
        2,
        ("91440118MAP6TG6E2U", None, None),
    ),
    "items not a list": (lambda p: _visit(p).update(items="SCJG-01"), 2, (T, None, None)),
    "item unknown": (lambda p: _visit(p)["items"].append("ZZ-99"), 2, (T, None, None)),
    "date not a string": (lambda p: _visit(p).update(date=20260914), 3, (T, None, None)),
    "date not a calendar day": (lambda p: _visit(p).update(date="2026-02-30"), 3, (T, None, None)),
    "date in compact form": (lambda p: _visit(p).update(date="20260914"), 3, (T, None, None)),
    "date at the end of time": (lambda p: _visit(p).update(date="9999-12-31"), 3, (T, None, None)),
    "date at the start of time": (lambda p: _visit(p).update(date="0001-01-01"), 3, (T, None, None)),
    "teams not an object": (lambda p: _visit(p).update(teams=[]), 4, (T, None, None)),
    "team not a list": (lambda p: _visit(p)["teams"].update(XF="4401150002"), 4, (T, "XF", None)),
    "team member not a string": (lambda p: _visit(p)["teams"]["XF"].append(7), 4, (T, "XF", None)),
    "unknown inspector": (lambda p: _visit(p)["teams"]["XF"].__setitem__(1, "9999"), 4, (T, "XF", "9999")),
    "inspector of another department": (
        lambda p: _visit(p)["teams"]["XF"].__setitem__(1, "4401140005"),
        4,
        (T, "XF", "4401140005"),
    ),
    "team of an unknown department": (lambda p: _visit(p)["teams"].update(ZZ=["4401150004"]), 4, (T, "ZZ", None)),
    "member listed twice": (
        lambda p: _visit(p)["teams"].update(XF=["4401150002", "4401150002"]),
        4,
        (T, "XF", "4401150002"),
    ),
    "team too large": (lambda p: _visit(p)["teams"]["XF"].append("4401150006"), 4, (T, "XF", None)),
    "unstaffed not a list": (lambda p: p.update(unstaffed={}), 4, (None, None, None)),
    "unstaffed entry garbage": (lambda p: p["unstaffed"].append(["x"]), 4, (None, None, None)),
    "unstaffed entry for a staffed slot": (
        lambda p: p["unstaffed"].append({"target": T, "department": "XF", "reason": "无"}),
        4,
        (T, "XF", None),
    ),
    "leader missing": (lambda p: _visit(p).pop("leader"), 8, (T, None, None)),
    "leader not a string": (lambda p: _visit(p).update(leader=1), 8, (T, None, None)),
    "leader unknown": (lambda p: _visit(p).update(leader="9999"), 8, (T, None, "9999")),
    "substitutions not a list": (lambda p: p.update(substitutions=None), 9, (None, None, None)),
    "substitution without reason": (lambda p: p["substitutions"][0].pop("reason"), 9, (None, None, None)),
    "substitution reason unknown": (
        lambda p: p["substitutions"][0].update(reason="bored"),
        9,
        ("91440106MAYXBL5AXQ", "SCJG", "4401140002"),
    ),
    "stats missing": (lambda p: p.pop("stats"), 7, (None, None, None)),
    "effective cap a string": (
        lambda p: p["stats"].update(max_visits_per_inspector_effective="20"),
        7,
        (None, None, None),
    ),
    "effective cap a boolean": (
        lambda p: p["stats"].update(max_visits_per_inspector_effective=True),
        7,
        (None, None, None),
    ),
    "independent visits a string": (
        lambda p: p["stats"].update(visits_if_drawn_independently="17.07"),
        10,
        (None, None, None),
    ),
    "independent visits NaN": (
        lambda p: p["stats"].update(visits_if_drawn_independently=float("nan")),
        10,
        (None, None, None),
    ),
    "deadlines missing": (lambda p: p.pop("deadlines"), 10, (None, None, None)),
    "feedback_due a list": (lambda p: p["deadlines"].update(feedback_due=[]), 10, (None, None, None)),
    "deadline a number": (lambda p: p["deadlines"].update(notices_by=20260909), 10, (None, None, None)),
    "summary_due missing": (lambda p: p["deadlines"].pop("summary_due"), 10, (None, None, None)),
    "warnings a string": (lambda p: p.update(warnings="none"), 10, (None, None, None)),
    "manifest a list": (lambda p: p.update(manifest=[]), 1, (None, None, None)),
    "manifest with an extra key": (lambda p: p["manifest"].update(extra=1), 1, (None, None, None)),
    "populations a string": (lambda p: p["manifest"].update(populations="x"), 1, (None, None, None)),
    "population not an object": (lambda p: p["manifest"]["populations"].__setitem__(0, 3), 1, (None, "SCJG", None)),
    "commitment a number": (lambda p: p.update(commitment=5), 1, (None, None, None)),
    "selections an object": (lambda p: p.update(selections={}), 1, (None, None, None)),
    "selection not an object": (lambda p: p["selections"].__setitem__(0, None), 1, (None, "SCJG", None)),
    "selection targets null": (lambda p: p["selections"][0].update(targets=None), 1, (None, "SCJG", None)),
    "format wrong": (lambda p: p.update(format="jic-plan/2"), 0, (None, None, None)),
    "round wrong": (lambda p: p.update(round="OTHER"), 0, (None, None, None)),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_malformed_plan_is_a_violation_of_the_covering_rule(name):
    mutate, rule, location = MUTATIONS[name]
    scenario, plan = example()
    mutate(plan)
    found = check(scenario, plan)
    assert rule in rules(found), [v.line() for v in found]
    assert location in where(found, rule), [v.line() for v in found]


@pytest.mark.parametrize("plan", [None, [], "plan", 3, {}])
def test_plan_of_the_wrong_type_is_reported(plan):
    scenario, _ = example()
    found = verify_plan(scenario, plan)
    assert found
    assert 0 in rules(found)


def _paths(value, path=()):
    """Every path into a JSON value (dict keys and list indexes)."""
    yield path
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _paths(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


_PLAN_PATHS = [p for p in _paths(example()[1]) if p]
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 30)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(["2026-09-14", "4401140001", "SCJG", "XF", T]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PLAN_PATHS), _JSON), min_size=1, max_size=3))
def test_random_damage_never_raises(edits):
    scenario, plan = example()
    changed = False
    for path, value in edits:
        node = plan
        try:
            for key in path[:-1]:
                node = node[key]
            old = node[path[-1]]
            if type(old) is not type(value) or old != value:
                changed = True
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    found = verify_plan(scenario, plan)
    assert all(isinstance(v.rule, int) and 0 <= v.rule <= 10 and v.message for v in found)
    if not changed:
        assert found == []


def test_checker_leaves_its_inputs_unchanged():
    scenario, plan = example()
    plan["visits"][0]["teams"]["SCJG"].reverse()
    before = (copy.deepcopy(scenario), copy.deepcopy(plan))
    assert verify_plan(scenario, plan)
    assert (scenario, plan) == before


def test_plan_without_dates_reports_every_visit_under_rule_3():
    scenario, plan = example()
    for visit in plan["visits"]:
        visit["date"] = None
    found = check(scenario, plan)
    assert {v.target for v in found if v.rule == 3} == {v["target"] for v in plan["visits"]}
    assert all("null" in v.message for v in found if v.rule == 3)
