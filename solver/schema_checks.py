"""Checks across the fields of a `jic-scenario/1` that a field type cannot express.

Unknown ids, duplicate ids, strata and ratios, date ranges and the calendar
rules of spec/scenario.md ("Exact definitions"). Each check returns problems
with the path of the value at fault; nothing stops at the first one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
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


def cross_check(scenario: Any) -> list[Problem]:
    """Every cross-field problem of a scenario whose fields are individually valid."""
    problems: list[Problem] = []
    departments = _unique(problems, "departments", "code", "department code", scenario.departments)
    items = _unique(problems, "items", "code", "item code", scenario.items)
    targets = _unique(problems, "targets", "id", "target id", scenario.targets)
    inspectors = _unique(problems, "inspectors", "id", "inspector id", scenario.inspectors)
    if scenario.round.lead_department not in departments:
        problems.append(Problem("round.lead_department", f"unknown department {scenario.round.lead_department!r}"))
    problems += _check_items(scenario, departments)
    for t, target in enumerate(scenario.targets):
        for j, code in enumerate(target.items):
            if code not in items:
                problems.append(Problem(f"targets[{t}].items[{j}]", f"unknown item {code!r}"))
    for i, inspector in enumerate(scenario.inspectors):
        if inspector.department not in departments:
            problems.append(Problem(f"inspectors[{i}].department", f"unknown department {inspector.department!r}"))
        for j, span in enumerate(inspector.unavailable):
            if span.to < span.from_:
                problems.append(Problem(f"inspectors[{i}].unavailable[{j}].to", "ends before it starts"))
    problems += _check_conflicts(scenario, inspectors, targets)
    problems += _check_amendments(scenario, inspectors, targets)
    problems += _check_calendar(scenario)
    return problems


def _unique(problems: list[Problem], field: str, key: str, noun: str, rows: Iterable[Any]) -> set[str]:
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        value = getattr(row, key)
        if value in first:
            problems.append(Problem(f"{field}[{i}].{key}", f"duplicate {noun} {value!r} (also {field}[{first[value]}])"))
        else:
            first[value] = i
    return set(first)


def _check_items(scenario: Any, departments: set[str]) -> list[Problem]:
    problems = []
    for i, item in enumerate(scenario.items):
        where = f"items[{i}]"
        if item.department not in departments:
            problems.append(Problem(f"{where}.department", f"unknown department {item.department!r}"))
        if (item.ratio is None) == (item.count is None):
            both = "both" if item.ratio is not None else "neither"
            problems.append(Problem(where, f"an item needs exactly one of ratio and count (has {both})"))
        for key, text in (item.ratio or {}).items():
            if key not in STRATA:
                problems.append(Problem(f"{where}.ratio.{key}", f"unknown stratum {key!r} (use A, B, C, D or -)"))
            value = ratio_value(text)
            if value is None:
                problems.append(Problem(f"{where}.ratio.{key}", f"{text!r} is not a ratio like \"0.05\" or \"5%\""))
            elif value > 1:
                problems.append(Problem(f"{where}.ratio.{key}", f"{text!r} is more than 100%"))
    return problems


def _check_conflicts(scenario: Any, inspectors: set[str], targets: set[str]) -> list[Problem]:
    problems = []
    for k, (inspector, target) in enumerate(scenario.conflicts.inspector_target):
        if inspector not in inspectors:
            problems.append(Problem(f"conflicts.inspector_target[{k}][0]", f"unknown inspector {inspector!r}"))
        if target not in targets:
            problems.append(Problem(f"conflicts.inspector_target[{k}][1]", f"unknown target {target!r}"))
    for k, pair in enumerate(scenario.conflicts.inspector_pairs):
        for j, inspector in enumerate(pair):
            if inspector not in inspectors:
                problems.append(Problem(f"conflicts.inspector_pairs[{k}][{j}]", f"unknown inspector {inspector!r}"))
        if pair[0] == pair[1]:
            problems.append(Problem(f"conflicts.inspector_pairs[{k}]", "a forbidden pair needs two different inspectors"))
    return problems


def _check_amendments(scenario: Any, inspectors: set[str], targets: set[str]) -> list[Problem]:
    problems = []
    for k, amendment in enumerate(scenario.amendments):
        where = f"amendments[{k}]"
        if amendment.inspector not in inspectors:
            problems.append(Problem(f"{where}.inspector", f"unknown inspector {amendment.inspector!r}"))
        if amendment.type == "unavailable":
            for name, value in (("from", amendment.from_), ("to", amendment.to)):
                if value is None:
                    problems.append(Problem(f"{where}.{name}", "missing field (an unavailable amendment needs from and to)"))
            if amendment.from_ and amendment.to and amendment.to < amendment.from_:
                problems.append(Problem(f"{where}.to", "ends before it starts"))
        elif amendment.target is None:
            problems.append(Problem(f"{where}.target", "missing field (a conflict amendment names a target)"))
        elif amendment.target not in targets:
            problems.append(Problem(f"{where}.target", f"unknown target {amendment.target!r}"))
    return problems


def _check_calendar(scenario: Any) -> list[Problem]:
    """The calendar overrides, then the window and the earliest visit date in known years."""
    problems = []
    cal = scenario.calendar
    holidays = set(cal.extra_holidays)
    for j, day in enumerate(cal.extra_workdays):
        if day in holidays:
            problems.append(Problem(f"calendar.extra_workdays[{j}]", f"{day.isoformat()} is also in calendar.extra_holidays"))
    for j, year in enumerate(cal.years):
        if year in OFFICIAL_YEARS:
            problems.append(Problem(f"calendar.years[{j}]", f"{year} is a built-in year (2004–2026); list only new years"))
    known = set(OFFICIAL_YEARS) | set(cal.years)
    rnd = scenario.round
    window = rnd.window
    if window.end < window.start:
        problems.append(Problem("round.window.end", f"{window.end.isoformat()} is before window.start {window.start.isoformat()}"))
    for name, day in (("start", window.start), ("end", window.end)):
        if day.year not in known:
            problems.append(Problem(f"round.window.{name}", _unknown_year(day.year)))
    for year in range(window.start.year + 1, window.end.year):
        if year not in known:
            problems.append(Problem("round.window", _unknown_year(year)))
    if problems:
        return problems
    calendar = official_calendar().with_overrides(
        extra_holidays=cal.extra_holidays, extra_workdays=cal.extra_workdays, extra_years=cal.years)
    try:
        earliest = calendar.add_working_days(rnd.planning_date, rnd.notice_working_days)
        calendar.require_year(earliest.year)
    except UnknownCalendarYear as exc:
        problems.append(Problem("round.planning_date", f"the earliest visit date needs {_unknown_year(exc.year)}"))
    return problems


def _unknown_year(year: int) -> str:
    return (f"the working-day calendar for {year} is not known "
            f"(built in: 2004–2026; give a new year in calendar.years with its holidays and workdays)")
