"""The independent plan checker: every rule of spec/scenario.md, 1 to 10.

`verify_plan(raw_scenario, plan)` returns the list of `Violation`s of a
`jic-plan/1` plan against its `jic-scenario/1` scenario (amendments
included); an empty list means every rule holds. It is the judge of the
planner, written against the spec pages alone: it shares no code with the
planner, and uses `solver.schema` only to validate the scenario and build its
calendar, and `solver.draw` only for the draw itself (manifest, commitment,
selections, slot rankings), whose values are pinned by independent test
vectors.

A plan is untrusted input: whatever its content, the checker reports
violations and never raises. An invalid scenario raises
`solver.schema.ScenarioInvalid` (it is not the plan's fault).

One module per concern: `verify_shape` (reading the plan), `verify_draw`
(rule 1), `verify_visits` (rules 2–3), `verify_teams` (rules 4–7),
`verify_leader` (rule 8), `verify_skips` (rule 9), `verify_deadlines`
(rule 10).
"""

from __future__ import annotations

from typing import Any

from solver.draw import rank_inspectors, run_draw
from solver.schema import load_scenario, scenario_calendar
from solver.verify_deadlines import check_deadlines, check_independent_visits, independent_visits
from solver.verify_draw import check_draw, items_by_target
from solver.verify_facts import build_facts
from solver.verify_leader import check_leaders
from solver.verify_model import STRUCTURE, RoundFacts, Violation
from solver.verify_shape import read_plan
from solver.verify_skips import check_skips
from solver.verify_teams import Ranker, check_caps, check_eligibility, check_pairs, check_slots, count_loads
from solver.verify_visits import build_slots, check_dates, check_visits

__all__ = ["STRUCTURE", "Violation", "verify_plan"]


def verify_plan(raw_scenario: dict, plan: Any) -> list[Violation]:
    """Every violation of the plan, ordered by rule (then as found)."""
    scenario = load_scenario(raw_scenario)
    calendar = scenario_calendar(scenario)
    draw = run_draw(raw_scenario, scenario)
    view, out = read_plan(plan, raw_scenario["round"]["id"])
    if view is None:
        return out
    expected_items = items_by_target(draw.selections)
    wanted = set(expected_items) | {visit.target for visit in view.visits}
    facts = build_facts(raw_scenario, calendar, wanted)
    rank = _ranker(draw.prk, facts)
    slots = build_slots(view.visits, facts, expected_items)
    loads = count_loads(view, facts)

    out.extend(check_draw(plan, draw.manifest, draw.commitment, draw.entropy, draw.selections))
    out.extend(check_visits(view.visits, expected_items))
    out.extend(check_dates(view.visits, facts))
    out.extend(check_slots(slots, view, facts, rank))
    out.extend(check_eligibility(slots, facts))
    out.extend(check_pairs(slots, facts))
    out.extend(check_caps(view, facts, loads))
    out.extend(check_leaders(slots, view.visits, facts, loads))
    out.extend(check_skips(slots, view, facts, loads, rank))
    out.extend(check_deadlines(view, facts))
    out.extend(check_independent_visits(view, independent_visits(draw.manifest["populations"])))
    return sorted(out, key=lambda violation: violation.rule)


def _ranker(prk: bytes, facts: RoundFacts) -> Ranker:
    """Slot rankings (position per inspector, 0 = best), computed once per slot."""
    cache: dict[tuple[str, str], dict[str, int]] = {}

    def rank(target: str, department: str) -> dict[str, int]:
        key = (target, department)
        if key not in cache:
            ids = facts.department_inspectors.get(department, [])
            cache[key] = {inspector: pos for pos, inspector in enumerate(rank_inspectors(prk, target, ids))}
        return cache[key]

    return rank
