"""Last year's inspection history of the demo district, drawn the way a department would have.

For each item on the random-check list and each of last year's rounds (two
for items checked 每年2次, else one), the targets on the item's list are
sampled per credit-risk stratum with the item's ratio (n = ceil(N × ratio),
exact decimals) or its fixed count, skipping targets the item already
checked that year. A target drawn by several departments in the same round
is visited on one day (进一次门、查多项事). Each record gets a team of two
eligible inspectors of the department (active, holding the item's tags, free
that day, no declared conflict, not a forbidden pair) and a result code in
realistic shares; targets that have since left business mostly carry the
matching code (注销[9], 被吊销[10], ...).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal
from typing import Any

from coordinator.demo import catalogue as cat
from coordinator.seeded import SeededStream
from solver.calendar import official_calendar

TEAM_SIZE = 2
PROBLEM_CODES_BY_ITEM = {
    "SCJG-03": ("B", "B", "C", "6", "D"),
    "SCJG-01": ("3",), "SCJG-02": ("3",), "SCJG-05": ("3",),
    "SCJG-04": ("4",), "SCJG-06": ("4",),
}
PROBLEM_CODES_BY_DEPARTMENT = {"GA": ("G",), "SCJG": ("D",)}


def _workdays(first: str, last: str) -> list[dt.date]:
    calendar = official_calendar()
    day, end, days = dt.date.fromisoformat(first), dt.date.fromisoformat(last), []
    while day <= end:
        if calendar.is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def sample_size(population: int, item: dict[str, Any], grade: str | None) -> int:
    """How many of `population` targets of a stratum the item samples in one round."""
    if item["count"] is not None:
        return min(item["count"], population)
    ratio = item["ratio"].get(grade or "-")
    if ratio is None:
        return 0
    n = (Decimal(population) * Decimal(ratio)).to_integral_value(rounding=ROUND_CEILING)
    return min(int(n), population)


def _rounds(item: dict[str, Any]) -> int:
    return 2 if "2次" in item["frequency"] or "两个月" in item["frequency"] else 1


def _strata(members: list[dict[str, Any]], item: dict[str, Any]) -> list[list[str]]:
    if item["count"] is not None:
        return [[t["id"] for t in members]]
    grades = sorted({t["risk_grade"] or "-" for t in members})
    return [[t["id"] for t in members if (t["risk_grade"] or "-") == g] for g in grades]


class _Teams:
    """Picks eligible two-person teams for (department, item, target, date)."""

    def __init__(self, inspectors, conflicts) -> None:
        self.staff: dict[str, list[dict[str, Any]]] = {}
        for inspector in inspectors:
            if inspector["active"]:
                self.staff.setdefault(inspector["department"], []).append(inspector)
        self.blocked = {(c["inspector"], c["target"]) for c in conflicts["inspector_target"]}
        self.pairs = {(c["inspector_a"], c["inspector_b"]) for c in conflicts["inspector_pairs"]}

    def _free(self, inspector: dict[str, Any], day: dt.date) -> bool:
        text = day.isoformat()
        return all(not (p["from"] <= text <= p["to"]) for p in inspector["unavailable"])

    def pick(self, stream: SeededStream, item: dict[str, Any], target: str, day: dt.date) -> list[str]:
        eligible = [
            i["certificate_no"] for i in self.staff[item["department"]]
            if set(item["required_tags"]) <= set(i["tags"]) and (i["certificate_no"], target) not in self.blocked
            and self._free(i, day) and i["certificate_expires"] >= day.isoformat()
        ]
        for _ in range(20):
            team = stream.sample(eligible, TEAM_SIZE)
            if tuple(sorted(team)) not in self.pairs:
                return team
        raise ValueError(f"no team for {item['code']} at {target} on {day}")


def _result(stream: SeededStream, item: dict[str, Any], status: str) -> str:
    if status != "active" and stream.chance(0.6):
        return cat.STATUS_RESULT[status]
    code = stream.weighted([c for c, _ in cat.RESULT_WEIGHTS], [w for _, w in cat.RESULT_WEIGHTS])
    if code != "problem":
        return code
    family = PROBLEM_CODES_BY_ITEM.get(item["code"]) or PROBLEM_CODES_BY_DEPARTMENT.get(item["department"], ("5",))
    return "A" if stream.chance(0.1) else stream.choice(family)


def generate_history(
    stream: SeededStream, items, targets: list[dict[str, Any]], inspectors, conflicts
) -> list[dict[str, Any]]:
    """Last year's inspection records, sorted by (date, target, item)."""
    windows = [_workdays(first, last) for first, last in cat.HISTORY_WINDOWS]
    status = {t["id"]: t["status"] for t in targets}
    teams = _Teams(inspectors, conflicts)
    visit_day: dict[tuple[str, int], dt.date] = {}
    records = []
    for item in sorted((i for i in items if i["on_random_list"]), key=lambda i: i["code"]):
        members = [t for t in targets if item["code"] in t["items"]]
        checked: set[str] = set()
        for round_no in range(_rounds(item)):
            for stratum in _strata([t for t in members if t["id"] not in checked], item):
                grade = next((t["risk_grade"] for t in members if t["id"] == stratum[0]), None) if stratum else None
                for target in stream.sample(stratum, sample_size(len(stratum), item, grade)):
                    checked.add(target)
                    day = visit_day.setdefault((target, round_no), stream.choice(windows[round_no]))
                    code = _result(stream, item, status[target])
                    records.append({
                        "target": target, "department": item["department"], "item": item["code"],
                        "date": day.isoformat(), "inspectors": teams.pick(stream, item, target, day),
                        "result_code": code, "findings": cat.FINDINGS.get(code, ""),
                    })
    return sorted(records, key=lambda r: (r["date"], r["target"], r["item"]))
