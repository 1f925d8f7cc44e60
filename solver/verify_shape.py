"""Reading a plan that may be malformed, without ever raising.

A plan is untrusted JSON. Everything the rules read goes through here: a
field of the wrong type, a missing key or an unparsable date becomes a
`Violation` of the rule that covers the field (visits and items: rule 2,
dates: rule 3, teams and `unstaffed`: rule 4, the effective cap: rule 7,
leader: rule 8, `substitutions`: rule 9, `deadlines`, `warnings` and the
independent-visits figure: rule 10), and the rules then judge what could be
read. Rule 0 marks a plan that is not a `jic-plan/1` object at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from solver.verify_model import STRUCTURE, SUBSTITUTION_REASONS, PlanVisit, Violation, show

PLAN_FORMAT = "jic-plan/1"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass
class PlanView:
    """The readable parts of a plan."""

    visits: list[PlanVisit] = field(default_factory=list)
    unstaffed: list[tuple[str, str]] = field(default_factory=list)
    substitutions: list[tuple[str, str, str, str]] = field(default_factory=list)
    effective_cap: int | None = None
    independent_visits: int | float | None = None
    deadlines: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)


def parse_date(value: Any) -> dt.date | None:
    """An ISO `YYYY-MM-DD` string as a date, else None."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def is_integer(value: Any) -> bool:
    """A JSON integer (booleans are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A JSON number (booleans are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_plan(plan: Any, round_id: str) -> tuple[PlanView | None, list[Violation]]:
    """The readable view of `plan` and the structural violations found on the way."""
    if not isinstance(plan, dict):
        return None, [Violation(STRUCTURE, "the plan is not a JSON object")]
    out: list[Violation] = []
    if plan.get("format") != PLAN_FORMAT:
        out.append(
            Violation(STRUCTURE, f"the plan's format is {show(plan.get('format'))}, expected {show(PLAN_FORMAT)}")
        )
    if plan.get("round") != round_id:
        out.append(
            Violation(STRUCTURE, f"the plan is for round {show(plan.get('round'))}, the scenario is {show(round_id)}")
        )
    view = PlanView()
    view.visits = _read_visits(plan, out)
    view.unstaffed = _read_unstaffed(plan, out)
    view.substitutions = _read_substitutions(plan, out)
    _read_stats(plan, view, out)
    _read_deadlines(plan, view, out)
    return view, out


def _read_visits(plan: dict, out: list[Violation]) -> list[PlanVisit]:
    visits = plan.get("visits")
    if not isinstance(visits, list):
        out.append(Violation(2, "the plan has no `visits` list"))
        return []
    result = []
    for index, raw in enumerate(visits):
        if not isinstance(raw, dict):
            out.append(Violation(2, f"visit #{index} is not an object"))
            continue
        target = raw.get("target")
        if not isinstance(target, str):
            out.append(Violation(2, f"visit #{index} has no target id (a string)"))
            continue
        result.append(_read_visit(index, target, raw, out))
    return result


def _read_visit(index: int, target: str, raw: dict, out: list[Violation]) -> PlanVisit:
    date = parse_date(raw.get("date"))
    if date is None:
        shown = show(raw["date"]) if "date" in raw else "missing"
        out.append(Violation(3, f"the visit date is {shown}, not an ISO date (YYYY-MM-DD)", target))
    items = raw.get("items")
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        out.append(Violation(2, "the visit's `items` is not a list of item codes", target))
        items = None
    teams = _read_teams(target, raw.get("teams"), out)
    readable = "leader" in raw and (raw["leader"] is None or isinstance(raw["leader"], str))
    if not readable:
        out.append(Violation(8, "the visit's `leader` is missing or neither an inspector id nor null", target))
    leader = raw.get("leader") if readable else None
    return PlanVisit(index, target, date, items, teams, leader, readable)


def _read_teams(target: str, teams: Any, out: list[Violation]) -> dict[str, list[str]]:
    if not isinstance(teams, dict):
        out.append(Violation(4, "the visit's `teams` is not an object", target))
        return {}
    result = {}
    for department, members in teams.items():
        if not isinstance(members, list):
            out.append(Violation(4, "the team is not a list of inspector ids", target, department))
            result[department] = []
            continue
        clean = [m for m in members if isinstance(m, str)]
        if len(clean) != len(members):
            out.append(Violation(4, "the team lists something that is not an inspector id", target, department))
        result[department] = clean
    return result


def _read_unstaffed(plan: dict, out: list[Violation]) -> list[tuple[str, str]]:
    entries = plan.get("unstaffed")
    if not isinstance(entries, list):
        out.append(Violation(4, "the plan has no `unstaffed` list"))
        return []
    result = []
    for index, raw in enumerate(entries):
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("target"), str)
            or not isinstance(raw.get("department"), str)
        ):
            out.append(Violation(4, f"`unstaffed` entry #{index} does not name a target and a department"))
            continue
        if not isinstance(raw.get("reason"), str) or not raw["reason"].strip():
            out.append(Violation(4, "the `unstaffed` entry gives no reason in words", raw["target"], raw["department"]))
        result.append((raw["target"], raw["department"]))
    return result


def _read_substitutions(plan: dict, out: list[Violation]) -> list[tuple[str, str, str, str]]:
    entries = plan.get("substitutions")
    if not isinstance(entries, list):
        out.append(Violation(9, "the plan has no `substitutions` list"))
        return []
    result = []
    for index, raw in enumerate(entries):
        keys = ("target", "department", "skipped", "reason")
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in keys):
            out.append(Violation(9, f"`substitutions` entry #{index} lacks target, department, skipped or reason"))
            continue
        if raw["reason"] not in SUBSTITUTION_REASONS:
            out.append(
                Violation(
                    9,
                    f"the substitution reason {show(raw['reason'])} is not one of {', '.join(SUBSTITUTION_REASONS)}",
                    raw["target"],
                    raw["department"],
                    raw["skipped"],
                )
            )
            continue
        result.append(tuple(raw[k] for k in keys))
    return result


def _read_stats(plan: dict, view: PlanView, out: list[Violation]) -> None:
    stats = plan.get("stats")
    if not isinstance(stats, dict):
        out.append(Violation(7, "the plan has no `stats` object (max_visits_per_inspector_effective)"))
        out.append(Violation(10, "the plan has no `stats` object (visits_if_drawn_independently)"))
        return
    cap = stats.get("max_visits_per_inspector_effective")
    if is_integer(cap) and cap >= 0:
        view.effective_cap = cap
    else:
        out.append(Violation(7, f"stats.max_visits_per_inspector_effective is {show(cap)}, not a non-negative integer"))
    value = stats.get("visits_if_drawn_independently")
    if is_number(value):
        view.independent_visits = value
    else:
        out.append(Violation(10, f"stats.visits_if_drawn_independently is {show(value)}, not a number"))


def _read_deadlines(plan: dict, view: PlanView, out: list[Violation]) -> None:
    warnings = plan.get("warnings")
    if isinstance(warnings, list) and all(isinstance(w, str) for w in warnings):
        view.warnings = warnings
    else:
        out.append(Violation(10, "the plan's `warnings` is not a list of strings"))
    deadlines = plan.get("deadlines")
    if isinstance(deadlines, dict):
        view.deadlines = deadlines
    else:
        out.append(Violation(10, "the plan has no `deadlines` object"))
