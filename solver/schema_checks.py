"""Checks across the fields of a `jic-scenario/1` that a field type cannot express.

Unknown ids, duplicate ids, strata and ratios, date ranges and the calendar
rules of spec/scenario.md ("Exact definitions"). Each check returns problems
with the path of the value at fault; nothing stops at the first one.

The checks read the raw object tolerantly (a value of the wrong type is
skipped here: the field validation reports it), so that they run even when
some fields are invalid and a user sees every problem in one pass.
"""

from __future__ import annotations

import re
from fractions import Fraction
import datetime as dt
from typing import Any

from solver.calendar import UnknownCalendarYear, official_calendar
from solver.schema_problems import Problem

STRATA = ("A", "B", "C", "D", "-")
RATIO_RE = re.compile(r"^([0-9]+)(\.[0-9]+)?(%?)$")
OFFICIAL_YEARS = range(2004, 2027)


def ratio_value(text: str) -> Fraction | None:
    """The exact value of a ratio string ("0.07" or "7%"), or None if it is not one."""
    match = RATIO_RE.match(text)
    if match is None:
        return None
    value = Fraction(match.group(1) + (match.group(2) or ""))  # Fraction parses decimals exactly
    return value / 100 if match.group(3) else value


def _list(obj: Any, key: str) -> list:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _dict(obj: Any, key: str) -> dict:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def _str(obj: Any, key: str) -> str | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def _date(obj: Any, key: str) -> dt.date | None:
    """A valid YYYY-MM-DD date, or None (a bad one is reported by the field validation)."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _int(obj: Any, key: str) -> int | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def cross_check(raw: dict) -> list[Problem]:
    """Every cross-field problem of a raw scenario object (fields of the wrong type are skipped)."""
    problems: list[Problem] = []
    departments = _unique(problems, raw, "departments", "code", "department code")
    items = _unique(problems, raw, "items", "code", "item code")
    targets = _unique(problems, raw, "targets", "id", "target id")
    inspectors = _unique(problems, raw, "inspectors", "id", "inspector id")
    lead = _str(_dict(raw, "round"), "lead_department")
    if lead is not None and lead not in departments:
        problems.append(Problem("round.lead_department", f"unknown department {lead!r}"))
    problems += _check_items(raw, departments)
    for t, target in enumerate(_list(raw, "targets")):
        for j, code in enumerate(_list(target, "items")):
            if isinstance(code, str) and code not in items:
                problems.append(Problem(f"targets[{t}].items[{j}]", f"unknown item {code!r}"))
    for i, inspector in enumerate(_list(raw, "inspectors")):
        department = _str(inspector, "department")
        if department is not None and department not in departments:
            problems.append(Problem(f"inspectors[{i}].department", f"unknown department {department!r}"))
        for j, span in enumerate(_list(inspector, "unavailable")):
            start, end = _date(span, "from"), _date(span, "to")
            if start and end and end < start:
                problems.append(Problem(f"inspectors[{i}].unavailable[{j}].to", "ends before it starts"))
    problems += _check_conflicts(raw, inspectors, targets)
    problems += _check_amendments(raw, inspectors, targets)
    problems += _check_calendar(raw)
    return problems


def _unique(problems: list[Problem], raw: dict, field: str, key: str, noun: str) -> set[str]:
    first: dict[str, int] = {}
    for i, row in enumerate(_list(raw, field)):
        value = _str(row, key)
        if value is None:
            continue
        if value in first:
            problems.append(Problem(f"{field}[{i}].{key}", f"duplicate {noun} {value!r} (also {field}[{first[value]}])"))
        else:
            first[value] = i
    return set(first)


def _check_items(raw: dict, departments: set[str]) -> list[Problem]:
    problems = []
    for i, item in enumerate(_list(raw, "items")):
        where = f"items[{i}]"
        department = _str(item, "department")
        if department is not None and department not in departments:
            problems.append(Problem(f"{where}.department", f"unknown department {department!r}"))
        if not isinstance(item, dict):
            continue
        has_ratio, has_count = item.get("ratio") is not None, item.get("count") is not None
        if has_ratio == has_count:
            both = "both" if has_ratio else "neither"
            problems.append(Problem(where, f"an item needs exactly one of ratio and count (has {both})"))
        for key, text in _dict(item, "ratio").items():
            if key not in STRATA:
                problems.append(Problem(f"{where}.ratio.{key}", f"unknown stratum {key!r} (use A, B, C, D or -)"))
            if not isinstance(text, str):
                continue  # the field validation names the type
            value = ratio_value(text)
            if value is None:
                problems.append(Problem(f"{where}.ratio.{key}", f"{text!r} is not a ratio like \"0.05\" or \"5%\""))
            elif value > 1:
                problems.append(Problem(f"{where}.ratio.{key}", f"{text!r} is more than 100%"))
    return problems


def _check_conflicts(raw: dict, inspectors: set[str], targets: set[str]) -> list[Problem]:
    problems = []
    conflicts = _dict(raw, "conflicts")
    for k, pair in enumerate(_list(conflicts, "inspector_target")):
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        if isinstance(pair[0], str) and pair[0] not in inspectors:
            problems.append(Problem(f"conflicts.inspector_target[{k}][0]", f"unknown inspector {pair[0]!r}"))
        if isinstance(pair[1], str) and pair[1] not in targets:
            problems.append(Problem(f"conflicts.inspector_target[{k}][1]", f"unknown target {pair[1]!r}"))
    for k, pair in enumerate(_list(conflicts, "inspector_pairs")):
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        for j, inspector in enumerate(pair):
            if isinstance(inspector, str) and inspector not in inspectors:
                problems.append(Problem(f"conflicts.inspector_pairs[{k}][{j}]", f"unknown inspector {inspector!r}"))
        if pair[0] == pair[1]:
            problems.append(Problem(f"conflicts.inspector_pairs[{k}]", "a forbidden pair needs two different inspectors"))
    return problems


def _check_amendments(raw: dict, inspectors: set[str], targets: set[str]) -> list[Problem]:
    problems = []
    for k, amendment in enumerate(_list(raw, "amendments")):
        where = f"amendments[{k}]"
        inspector = _str(amendment, "inspector")
        if inspector is not None and inspector not in inspectors:
            problems.append(Problem(f"{where}.inspector", f"unknown inspector {inspector!r}"))
        kind = _str(amendment, "type")
        if kind == "unavailable":
            for name in ("from", "to"):
                if isinstance(amendment, dict) and amendment.get(name) is None:
                    problems.append(Problem(f"{where}.{name}", "missing field (an unavailable amendment needs from and to)"))
            start, end = _date(amendment, "from"), _date(amendment, "to")
            if start and end and end < start:
                problems.append(Problem(f"{where}.to", "ends before it starts"))
        elif kind == "conflict":
            target = amendment.get("target")
            if target is None:
                problems.append(Problem(f"{where}.target", "missing field (a conflict amendment names a target)"))
            elif isinstance(target, str) and target not in targets:
                problems.append(Problem(f"{where}.target", f"unknown target {target!r}"))
    return problems


def _check_calendar(raw: dict) -> list[Problem]:
    """The calendar overrides, then the window and the earliest visit date in known years."""
    problems = []
    cal = _dict(raw, "calendar")
    holidays = {_date({"d": d}, "d") for d in _list(cal, "extra_holidays")} - {None}
    workdays = [_date({"d": d}, "d") for d in _list(cal, "extra_workdays")]
    for j, day in enumerate(workdays):
        if day is not None and day in holidays:
            problems.append(Problem(f"calendar.extra_workdays[{j}]", f"{day.isoformat()} is also in calendar.extra_holidays"))
    years = [y for y in _list(cal, "years") if isinstance(y, int) and not isinstance(y, bool)]
    for j, year in enumerate(_list(cal, "years")):
        if year in OFFICIAL_YEARS and not isinstance(year, bool):
            problems.append(Problem(f"calendar.years[{j}]", f"{year} is a built-in year (2004–2026); list only new years"))
    known = set(OFFICIAL_YEARS) | set(years)
    rnd = _dict(raw, "round")
    window = _dict(rnd, "window")
    start, end = _date(window, "start"), _date(window, "end")
    if start and end and end < start:
        problems.append(Problem("round.window.end", f"{end.isoformat()} is before window.start {start.isoformat()}"))
    for name, day in (("start", start), ("end", end)):
        if day is not None and day.year not in known:
            problems.append(Problem(f"round.window.{name}", _unknown_year(day.year)))
    if start and end:
        for year in range(start.year + 1, end.year):
            if year not in known:
                problems.append(Problem("round.window", _unknown_year(year)))
    planning, notice = _date(rnd, "planning_date"), _int(rnd, "notice_working_days")
    if problems or planning is None or notice is None or notice < 0:
        return problems
    calendar = official_calendar().with_overrides(
        extra_holidays=holidays, extra_workdays=[d for d in workdays if d is not None], extra_years=years)
    try:
        earliest = calendar.add_working_days(planning, notice)
        calendar.require_year(earliest.year)
    except UnknownCalendarYear as exc:
        problems.append(Problem("round.planning_date", f"the earliest visit date needs {_unknown_year(exc.year)}"))
    return problems


def _unknown_year(year: int) -> str:
    return (f"the working-day calendar for {year} is not known "
            f"(built in: 2004–2026; give a new year in calendar.years with its holidays and workdays)")
