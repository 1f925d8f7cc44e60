"""The scenario facts the plan checker judges against, read from the scenario JSON.

The scenario has already been validated by `solver.schema.load_scenario`, so
its structure is sound; the facts are read from the JSON itself, by the
field names of spec/scenario.md, so that the checker shares no
interpretation with the planner beyond the validation. Absent optional
fields mean "none" (no tags, no leave, no conflicts, no cap).

Amendments "count in every eligibility rule and substitution reason exactly
like `unavailable` ranges and `inspector_target` conflicts": they are merged
into those here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from solver.calendar import WorkdayCalendar
from solver.verify_model import InspectorFacts, RoundFacts


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def build_facts(raw: dict, calendar: WorkdayCalendar, targets: Iterable[str]) -> RoundFacts:
    """RoundFacts of a validated scenario; recusal worked out for `targets` only."""
    rnd = raw["round"]
    window = rnd["window"]
    notice = rnd.get("notice_working_days") or 0
    planning = _date(rnd["planning_date"])
    amendments = raw.get("amendments") or []
    inspectors = _inspectors(raw.get("inspectors") or [], amendments)
    by_department: dict[str, list[str]] = {}
    for inspector_id in sorted(inspectors):
        by_department.setdefault(inspectors[inspector_id].department, []).append(inspector_id)
    conflicts = raw.get("conflicts") or {}
    target_conflicts = {(pair[0], pair[1]) for pair in conflicts.get("inspector_target") or []}
    target_conflicts |= {(a["inspector"], a["target"]) for a in amendments if a.get("type") == "conflict"}
    items = raw.get("items") or []
    window_start = _date(window["start"])
    return RoundFacts(
        round_id=rnd["id"],
        lead_department=rnd["lead_department"],
        window_start=window_start,
        window_end=_date(window["end"]),
        earliest=calendar.add_working_days(planning, notice),
        notice_working_days=notice,
        team_size=rnd["team_size"],
        per_day_cap=rnd.get("max_visits_per_inspector_per_day"),
        round_cap=rnd.get("max_visits_per_inspector"),
        calendar=calendar,
        item_department={item["code"]: item["department"] for item in items},
        item_tags={item["code"]: frozenset(item.get("required_tags") or []) for item in items},
        inspectors=inspectors,
        department_inspectors=by_department,
        departments=frozenset(d["code"] for d in raw.get("departments") or []),
        conflicts=frozenset(target_conflicts),
        pairs=frozenset((pair[0], pair[1]) for pair in conflicts.get("inspector_pairs") or []),
        recused=_recusals(raw.get("targets") or [], set(targets), window_start, rnd.get("recusal_days")),
    )


def _inspectors(raw_inspectors: list[dict], amendments: list[dict]) -> dict[str, InspectorFacts]:
    extra: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for amendment in amendments:
        if amendment.get("type") == "unavailable":
            extra.setdefault(amendment["inspector"], []).append((_date(amendment["from"]), _date(amendment["to"])))
    result = {}
    for raw in raw_inspectors:
        ranges = [(_date(r["from"]), _date(r["to"])) for r in raw.get("unavailable") or []]
        ranges += extra.get(raw["id"], [])
        result[raw["id"]] = InspectorFacts(
            id=raw["id"],
            department=raw["department"],
            tags=frozenset(raw.get("tags") or []),
            certificate_expires=_date(raw.get("certificate_expires")),
            can_lead=raw.get("can_lead") is True,
            unavailable=tuple(ranges),
        )
    return result


def _recusals(
    raw_targets: list[dict], wanted: set[str], window_start: dt.date, recusal_days: int | None
) -> dict[str, frozenset[str]]:
    """Inspectors on a history entry dated on or after window.start − recusal_days."""
    if recusal_days is None:
        return {}
    try:
        since = window_start - dt.timedelta(days=recusal_days)
    except OverflowError:
        since = dt.date.min  # a recusal period reaching before year 1 covers all history
    result = {}
    for target in raw_targets:
        if target["id"] not in wanted:
            continue
        names = set()
        for entry in target.get("history") or []:
            if _date(entry["date"]) >= since:
                names.update(entry.get("inspectors") or [])
        result[target["id"]] = frozenset(names)
    return result
