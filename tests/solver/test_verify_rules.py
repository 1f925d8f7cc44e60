"""One plan per rule of spec/scenario.md that breaks exactly that rule.

Each plan is the example plan (or the tiny hand-made one) with one change;
each test asserts that the checker reports that rule and no other, at the
visit/department/inspector involved. Scenario changes other than amendments
would change the commitment (rule 1), so eligibility is broken through
amendments, which the spec keeps out of `scenario_sha256`.
"""

from __future__ import annotations

from tests.solver.test_verify_support import check, example, find_visit, rules, tiny_plan, tiny_scenario, where


def test_example_plan_holds_every_rule():
    scenario, plan = example()
    assert check(scenario, plan) == []


def test_rule_1_selection_that_is_not_the_draw():
    scenario, plan = example()
    # 91440118MAP6TG6E2U is in the SCJG-01 population but not among its first n by r.
    plan["selections"][0]["targets"][0] = "91440118MAP6TG6E2U"
    found = check(scenario, plan)
    assert rules(found) == {1}
    assert where(found, 1) == {("91440118MAP6TG6E2U", "SCJG", None)}


def test_rule_1_manifest_sample_size_changed():
    scenario, plan = example()
    plan["manifest"]["populations"][0]["n"] = 7
    found = check(scenario, plan)
    assert rules(found) == {1}
    messages = " ".join(v.message for v in found)
    assert "n = 7" in messages and "SHA-256 of the canonical form" in messages


def test_rule_1_entropy_not_the_scenarios():
    scenario, plan = example()
    plan["entropy"] = "02 09 20 24 29 33 + 10"
    found = check(scenario, plan)
    assert rules(found) == {1}
    assert any("entropy" in v.message for v in found)


def test_rule_2_visits_out_of_date_target_order():
    scenario, plan = example()
    first, second = plan["visits"][0], plan["visits"][1]
    plan["visits"][0], plan["visits"][1] = second, first
    found = check(scenario, plan)
    assert rules(found) == {2}
    assert where(found, 2) == {(first["target"], None, None)}


def test_rule_2_visit_lacking_an_item_that_selected_it():
    scenario, plan = example()
    find_visit(plan, "91440111MAU9GNNR7T")["items"] = ["SCJG-01"]
    found = check(scenario, plan)
    assert rules(found) == {2}
    assert where(found, 2) == {("91440111MAU9GNNR7T", None, None)}
    assert "SCJG-02" in found[0].message


def test_rule_3_visit_on_a_saturday():
    scenario, plan = example()
    visit = find_visit(plan, "91440111MAE5W3KT4A")
    visit["date"] = "2026-09-19"
    plan["visits"].remove(visit)
    plan["visits"].append(visit)  # keeps (date, target) order
    # Deadlines recomputed by hand from the 2026 arrangement (25 Sep 中秋, 1–7 Oct 国庆, 10 Oct 调休).
    plan["deadlines"]["feedback_due"]["91440111MAE5W3KT4A"] = "2026-09-29"
    plan["deadlines"]["summary_due"] = "2026-09-28"
    plan["deadlines"]["publication_due"] = "2026-10-22"
    found = check(scenario, plan)
    assert rules(found) == {3}
    assert where(found, 3) == {("91440111MAE5W3KT4A", None, None)}
    assert "not a working day" in found[0].message


def test_rule_4_team_not_in_slot_ranking():
    scenario, plan = example()
    visit = find_visit(plan, "52440114MATQ4C745H")
    visit["teams"]["SCJG"].reverse()
    found = check(scenario, plan)
    assert rules(found) == {4}
    assert where(found, 4) == {("52440114MATQ4C745H", "SCJG", None)}


def test_rule_4_slot_without_team_or_unstaffed_entry():
    raw = tiny_scenario()
    plan = tiny_plan(raw)
    t3 = find_visit(plan, "T3")
    del t3["teams"]["B"]
    t3["leader"] = None  # no team staffed: a null leader is allowed
    plan["substitutions"] = [s for s in plan["substitutions"] if s["target"] != "T3"]
    found = check(raw, plan)
    assert rules(found) == {4}
    assert where(found, 4) == {("T3", "B", None)}
    plan["unstaffed"] = [{"target": "T3", "department": "B", "reason": "所有检查人员均已满额"}]
    assert check(raw, plan) == []


def test_rule_5_member_unavailable_by_amendment():
    scenario, plan = example()
    scenario["amendments"] = [
        {
            "type": "unavailable",
            "inspector": "4401140004",
            "from": "2026-09-14",
            "to": "2026-09-14",
            "reason": "病假",
            "recorded_at": "2026-09-10T09:00:00+08:00",
        }
    ]
    found = check(scenario, plan)
    assert rules(found) == {5}
    assert where(found, 5) == {("52440114MATQ4C745H", "SCJG", "4401140004")}


def test_rule_5_member_in_conflict_by_amendment():
    scenario, plan = example()
    scenario["amendments"] = [
        {
            "type": "conflict",
            "inspector": "4401150006",
            "target": "914401180465098303",
            "reason": "企业申请回避，已批准",
            "recorded_at": "2026-09-10T09:00:00+08:00",
        }
    ]
    found = check(scenario, plan)
    assert rules(found) == {5}
    assert where(found, 5) == {("914401180465098303", "XF", "4401150006")}


def test_rule_6_forbidden_pair_in_one_team():
    raw = tiny_scenario()
    raw["conflicts"]["inspector_pairs"] = [["a2", "a1"]]
    plan = tiny_plan(raw)  # department A has only a1 and a2: the pair serves together
    found = check(raw, plan)
    assert rules(found) == {6}
    assert where(found, 6) == {("T1", "A", "a1"), ("T2", "A", "a1")}


def test_rule_7_effective_cap_above_the_scenarios():
    scenario, plan = example()
    plan["stats"]["max_visits_per_inspector_effective"] = 21
    found = check(scenario, plan)
    assert rules(found) == {7}
    assert where(found, 7) == {(None, None, None)}


def test_rule_7_inspector_above_the_effective_cap():
    scenario, plan = example()
    plan["stats"]["max_visits_per_inspector_effective"] = 3
    found = check(scenario, plan)
    assert rules(found) == {7}
    assert (None, "SCJG", "4401140003") in where(found, 7)  # four visits on 14 Sep


def test_rule_7_per_day_cap():
    raw = tiny_scenario()
    raw["round"]["max_visits_per_inspector_per_day"] = 1
    found = check(raw, tiny_plan(raw))
    assert rules(found) == {7}
    assert where(found, 7) == {(None, d, i) for d, i in (("A", "a1"), ("A", "a2"), ("B", "b1"), ("B", "b2"))}


def test_rule_8_leader_not_from_the_lead_department():
    scenario, plan = example()
    find_visit(plan, "92440104MAWP11W42Y")["leader"] = "4401150005"
    found = check(scenario, plan)
    assert rules(found) == {8}
    assert where(found, 8) == {("92440104MAWP11W42Y", "XF", "4401150005")}


def test_rule_9_substitution_reason_not_true():
    scenario, plan = example()
    entry = next(s for s in plan["substitutions"] if s["target"] == "91440106MAYXBL5AXQ")
    assert entry["reason"] == "recent_inspection"
    entry["reason"] = "unavailable"
    found = check(scenario, plan)
    assert rules(found) == {9}
    assert where(found, 9) == {("91440106MAYXBL5AXQ", "SCJG", "4401140002")}


def test_rule_9_skip_without_entry():
    scenario, plan = example()
    plan["substitutions"] = [s for s in plan["substitutions"] if s["skipped"] != "4401150004"]
    found = check(scenario, plan)
    assert rules(found) == {9}
    assert ("91440114041685827J", "XF", "4401150004") in where(found, 9)
    assert len(found) == 6  # 4401150004 (no 消防设施 tag) was skipped at six visits


def test_rule_10_feedback_deadline_changed():
    scenario, plan = example()
    plan["deadlines"]["feedback_due"]["91440111MAC4CBD35J"] = "2026-09-25"
    found = check(scenario, plan)
    assert rules(found) == {10}
    assert where(found, 10) == {("91440111MAC4CBD35J", None, None)}


def test_rule_10_independent_visits_off_by_more_than_the_tolerance():
    scenario, plan = example()
    plan["stats"]["visits_if_drawn_independently"] = 17.09
    found = check(scenario, plan)
    assert rules(found) == {10}
    assert "visits_if_drawn_independently" in found[0].message
