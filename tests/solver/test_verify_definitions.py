"""The "Exact definitions" of spec/scenario.md at their boundaries, on hand-made rounds.

Leader (null only where allowed), `leader_required`, `capacity` against the
effective cap, amendments counting like leave and conflicts, certificate and
leave boundaries, recusal, unknown-year deadlines with their warning, and a
round without visits.
"""

from __future__ import annotations

from tests.solver.test_verify_support import check, example, find_visit, ranked, rules, tiny_plan, tiny_scenario, where


def _amend_unavailable(raw: dict, inspector: str, day: str) -> None:
    raw["amendments"] = [
        {
            "type": "unavailable",
            "inspector": inspector,
            "from": day,
            "to": day,
            "reason": "病假",
            "recorded_at": "2026-09-11T08:00:00+08:00",
        }
    ]


def test_hand_made_plan_passes():
    raw = tiny_scenario()
    assert check(raw, tiny_plan(raw)) == []


def test_entropy_must_be_normalised():
    raw = tiny_scenario()
    plan = tiny_plan(raw)
    assert plan["entropy"] == "42"
    plan["entropy"] = raw["draw"]["entropy"]  # "  42 \n", as published
    assert rules(check(raw, plan)) == {1}


def test_null_leader_allowed_when_no_team_can_have_a_leader():
    raw = tiny_scenario()
    raw["inspectors"][0]["can_lead"] = False  # department A (lead) has nobody who can lead
    plan = tiny_plan(raw)
    assert find_visit(plan, "T1")["leader"] == "b1"  # lead team has no can_lead member: B's may lead
    assert find_visit(plan, "T2")["leader"] is None
    assert check(raw, plan) == []
    find_visit(plan, "T2")["leader"] = "a1"
    found = check(raw, plan)
    assert rules(found) == {8}
    assert where(found, 8) == {("T2", "A", "a1")}


def test_null_leader_refused_when_a_member_can_lead():
    raw = tiny_scenario()
    plan = tiny_plan(raw)
    find_visit(plan, "T3")["leader"] = None
    found = check(raw, plan)
    assert rules(found) == {8}
    assert where(found, 8) == {("T3", "B", "b1")}


def test_null_leader_refused_while_an_eligible_can_lead_inspector_is_free():
    raw = tiny_scenario()
    raw["inspectors"][0]["can_lead"] = False
    raw["inspectors"].append(dict(raw["inspectors"][0], id="a3", name="a3", can_lead=True))
    # a3 is kept off every team; the only true reason would be an amendment.
    plan = tiny_plan(raw, off={"a3": "unavailable", "b3": "certificate_expired"})
    assert find_visit(plan, "T2")["leader"] is None
    found = check(raw, plan)
    assert ("T2", "A", "a3") in where(found, 8)
    _amend_unavailable(raw, "a3", "2026-09-14")  # amendments count like unavailable ranges
    assert check(raw, plan) == []


def _leader_seat_round(*, a2_can_lead: bool = False, t2_order: list[str] | None = None) -> tuple[dict, dict]:
    """A round where a1 (can_lead) is ranked last at T2, and a plan giving it the leader's seat there.

    The entropy is searched (deterministically) until the draw ranks T2's
    department-A slot as wanted; wherever a1 is not among the best two, the
    team is the best one plus a1 and the one in between is skipped with
    `leader_required`.
    """
    raw = tiny_scenario()
    raw["inspectors"][1]["can_lead"] = a2_can_lead
    raw["inspectors"].insert(2, dict(raw["inspectors"][1], id="a3", name="a3", can_lead=False))
    for k in range(200):
        raw["draw"]["entropy"] = f"seat-{k}"
        order = ranked(raw, "T2", ["a1", "a2", "a3"])
        if order == t2_order or (t2_order is None and order[-1] == "a1"):
            break
    else:
        raise AssertionError("no entropy gives the wanted ranking")
    plan = tiny_plan(raw)
    for visit in plan["visits"]:
        if "A" not in visit["teams"]:
            continue
        order = ranked(raw, visit["target"], ["a1", "a2", "a3"])
        if "a1" not in order[:2]:
            visit["teams"]["A"] = [order[0], "a1"]
            visit["leader"] = "a1"
            plan["substitutions"].append(
                {"target": visit["target"], "department": "A", "skipped": order[1], "reason": "leader_required"}
            )
    return raw, plan


def test_leader_required_is_a_true_reason_only_for_the_leaders_seat():
    raw, plan = _leader_seat_round()
    assert check(raw, plan) == []
    entry = next(s for s in plan["substitutions"] if s["target"] == "T2" and s["department"] == "A")
    entry["reason"] = "capacity"
    found = check(raw, plan)
    assert rules(found) == {9}
    assert where(found, 9) == {("T2", "A", entry["skipped"])}


def test_leader_required_false_when_another_member_can_lead():
    # a2 can lead and is ranked first: it could have led, so a3 was not displaced by the seat.
    raw, plan = _leader_seat_round(a2_can_lead=True, t2_order=["a2", "a3", "a1"])
    assert find_visit(plan, "T2")["teams"]["A"] == ["a2", "a1"]
    found = check(raw, plan)
    assert ("T2", "A", "a3") in where(found, 9)


def test_capacity_is_judged_against_the_effective_cap():
    scenario, plan = example()
    entry = next(s for s in plan["substitutions"] if s["target"] == "91440106MAYXBL5AXQ")
    entry["reason"] = "capacity"  # 4401140002 has 3 visits in the plan
    assert where(check(scenario, plan), 9) == {("91440106MAYXBL5AXQ", "SCJG", "4401140002")}
    plan["stats"]["max_visits_per_inspector_effective"] = 3
    found = check(scenario, plan)
    assert 9 not in rules(found)
    assert rules(found) == {7}  # others now exceed the tightened cap


def test_certificate_valid_through_its_expiry_day():
    raw = tiny_scenario()
    raw["inspectors"][1]["certificate_expires"] = "2026-09-14"
    assert check(raw, tiny_plan(raw)) == []
    raw["inspectors"][1]["certificate_expires"] = "2026-09-13"
    found = check(raw, tiny_plan(raw))
    assert rules(found) == {5}
    assert where(found, 5) == {("T1", "A", "a2"), ("T2", "A", "a2")}


def test_unavailable_range_includes_both_ends():
    raw = tiny_scenario()
    raw["inspectors"][1]["unavailable"] = [{"from": "2026-09-10", "to": "2026-09-13", "reason": "培训"}]
    assert check(raw, tiny_plan(raw)) == []
    raw["inspectors"][1]["unavailable"][0]["to"] = "2026-09-14"
    assert where(check(raw, tiny_plan(raw)), 5) == {("T1", "A", "a2"), ("T2", "A", "a2")}


def test_recusal_reaches_exactly_recusal_days_back():
    raw = tiny_scenario()
    entry = {"department": "B", "item": "B-01", "date": "2024-09-13", "inspectors": ["a1"]}
    raw["targets"][1]["history"] = [entry]  # 14 Sep 2026 − 730 days = 14 Sep 2024
    assert check(raw, tiny_plan(raw)) == []
    entry["date"] = "2024-09-14"
    found = check(raw, tiny_plan(raw))
    assert rules(found) == {5}
    assert where(found, 5) == {("T2", "A", "a1")}


def _december_round(day: str) -> tuple[dict, dict]:
    raw = tiny_scenario()
    raw["round"]["planning_date"] = "2026-12-01"
    raw["round"]["window"] = {"start": "2026-12-14", "end": "2026-12-31"}
    return raw, tiny_plan(raw, date=day)


def test_deadline_in_an_unknown_year_is_null_with_a_warning():
    raw, plan = _december_round("2026-12-14")
    feedback = {t: "2026-12-24" for t in ("T1", "T2", "T3")}
    plan["deadlines"] = {
        "notices_by": "2026-12-09",
        "feedback_due": feedback,
        "publication_due": None,
        "summary_due": "2026-12-21",
    }
    plan["warnings"] = ["publication_due: the working-day calendar for 2027 is not known yet"]
    assert check(raw, plan) == []
    plan["warnings"] = ["publication_due: the working-day calendar for 2028 is not known yet"]
    assert where(check(raw, plan), 10) == {(None, None, None)}
    plan["deadlines"]["publication_due"] = "2027-01-12"
    found = check(raw, plan)
    assert rules(found) == {10}
    assert "must be null" in found[0].message


def test_feedback_entry_in_an_unknown_year_stays_present_as_null():
    raw, plan = _december_round("2026-12-24")
    plan["deadlines"] = {
        "notices_by": "2026-12-21",
        "feedback_due": {"T1": None, "T2": None, "T3": None},
        "publication_due": None,
        "summary_due": "2026-12-31",
    }
    plan["warnings"] = ["feedback_due, publication_due: the working-day calendar for 2027 is not known yet"]
    assert check(raw, plan) == []
    del plan["deadlines"]["feedback_due"]["T3"]
    assert where(check(raw, plan), 10) == {("T3", None, None)}


def test_round_without_visits_has_null_deadlines():
    raw = tiny_scenario()
    for item in raw["items"]:
        item["count"] = 0
    plan = tiny_plan(
        raw, deadlines={"notices_by": None, "feedback_due": {}, "publication_due": None, "summary_due": None}
    )
    plan["stats"]["visits_if_drawn_independently"] = 0.0
    assert plan["visits"] == []
    assert check(raw, plan) == []
    plan["deadlines"]["summary_due"] = "2026-09-21"
    assert rules(check(raw, plan)) == {10}


def test_independent_visits_tolerance_is_half_a_hundredth():
    scenario, plan = example()  # exact sum 30236/1771 = 17.07284...
    for accepted in (17.07, 17.0728, 17.0778):
        plan["stats"]["visits_if_drawn_independently"] = accepted
        assert check(scenario, plan) == []
    for refused in (17.0779, 17.0678, 17):
        plan["stats"]["visits_if_drawn_independently"] = refused
        assert rules(check(scenario, plan)) == {10}


def test_unstaffed_slots_are_not_judged():
    raw = tiny_scenario()
    plan = tiny_plan(raw)
    plan["unstaffed"] = []
    for visit in plan["visits"]:
        for department in sorted(visit["teams"]):
            plan["unstaffed"].append({"target": visit["target"], "department": department, "reason": "无人可派"})
        visit["teams"], visit["leader"] = {}, None
    plan["substitutions"] = []
    assert check(raw, plan) == []
    plan["unstaffed"].pop()
    assert rules(check(raw, plan)) == {4}
