"""Rule 10 of spec/scenario.md: deadlines and the independent-visits figure.

- `feedback_due[target] = period_end(visit date, 10)` for every visit;
- `summary_due = period_end(last visit date, 7)`;
- `publication_due = add_working_days(last visit date, 20)`;
- `notices_by = sub_working_days(first visit date, notice_working_days)`;
- with no visits at all the three single deadlines are null and
  `feedback_due` is `{}`;
- a deadline that runs into a year the calendar does not know is null (a
  `feedback_due` entry stays present with value null), and each such null has
  a `warnings` line naming that year;
- `stats.visits_if_drawn_independently` is within 0.005 of the exact sum.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from solver.calendar import UnknownCalendarYear
from solver.verify_model import RoundFacts, Violation, show
from solver.verify_shape import PlanView, parse_date

TOLERANCE = Fraction(5, 1000)
SINGLE = ("notices_by", "publication_due", "summary_due")


def _expected(compute: Callable[[], dt.date]) -> dt.date | UnknownCalendarYear | None:
    """The deadline, the unknown year it runs into, or None past the end of the calendar (rule 3 says why)."""
    try:
        return compute()
    except UnknownCalendarYear as exc:
        return exc
    except OverflowError:
        return None


def _names_year(warnings: list[str], year: int) -> bool:
    pattern = re.compile(rf"(?<![0-9]){year}(?![0-9])")
    return any(pattern.search(line) for line in warnings)


def _compare(
    name: str,
    given: Any,
    expected: dt.date | UnknownCalendarYear | None,
    warnings: list[str],
    target: str | None = None,
) -> list[Violation]:
    if expected is None:
        return []
    if isinstance(expected, UnknownCalendarYear):
        if given is not None:
            return [
                Violation(
                    10,
                    f"{name} is {show(given)} but runs into {expected.year}, "
                    "which the calendar does not know: it must be null",
                    target,
                )
            ]
        if not _names_year(warnings, expected.year):
            return [
                Violation(
                    10, f"{name} is null but no line of `warnings` names the unknown year {expected.year}", target
                )
            ]
        return []
    if parse_date(given) != expected:
        return [Violation(10, f"{name} is {show(given)}, expected {show(expected.isoformat())}", target)]
    return []


def check_deadlines(view: PlanView, facts: RoundFacts) -> list[Violation]:
    """The deadline part of rule 10."""
    deadlines = view.deadlines
    if deadlines is None:
        return []  # reported while reading the plan
    out = [
        Violation(10, f"`deadlines` has no {show(key)}") for key in (*SINGLE, "feedback_due") if key not in deadlines
    ]
    feedback = deadlines.get("feedback_due")
    if "feedback_due" in deadlines and not isinstance(feedback, dict):
        out.append(Violation(10, "deadlines.feedback_due is not an object"))
        feedback = None
    if not view.visits:
        return out + _check_without_visits(deadlines, feedback)
    if feedback is not None:
        out.extend(_check_feedback(view, feedback, facts))
    return out + _check_single(view, deadlines, facts)


def _check_without_visits(deadlines: dict, feedback: dict | None) -> list[Violation]:
    out = [
        Violation(10, f"deadlines.{key} must be null for a plan without visits")
        for key in SINGLE
        if deadlines.get(key) is not None
    ]
    if feedback:
        out.append(Violation(10, "deadlines.feedback_due must be {} for a plan without visits"))
    return out


def _check_single(view: PlanView, deadlines: dict, facts: RoundFacts) -> list[Violation]:
    """notices_by, publication_due and summary_due from the first and last visit dates."""
    dates = [v.date for v in view.visits if v.date is not None]
    if len(dates) != len(view.visits):
        return []  # some visit date is unreadable (rule 3): first and last are unknown
    cal, first, last = facts.calendar, min(dates), max(dates)
    expected = {
        "notices_by": _expected(lambda: cal.sub_working_days(first, facts.notice_working_days)),
        "publication_due": _expected(lambda: cal.add_working_days(last, 20)),
        "summary_due": _expected(lambda: cal.period_end(last, 7)),
    }
    out = []
    for key in SINGLE:
        if key in deadlines:
            out.extend(_compare(f"deadlines.{key}", deadlines[key], expected[key], view.warnings))
    return out


def _check_feedback(view: PlanView, feedback: dict, facts: RoundFacts) -> list[Violation]:
    out = []
    targets = {v.target: v.date for v in reversed(view.visits)}  # the first visit of a target wins
    for target in sorted(set(feedback) - set(targets)):
        out.append(Violation(10, "deadlines.feedback_due has an entry for a target without a visit", target))
    for target in sorted(targets):
        if target not in feedback:
            out.append(Violation(10, "deadlines.feedback_due has no entry for the visit", target))
            continue
        day = targets[target]
        if day is None:
            continue  # unreadable date (rule 3)
        expected = _expected(lambda day=day: facts.calendar.period_end(day, 10))
        out.extend(_compare("deadlines.feedback_due", feedback[target], expected, view.warnings, target))
    return out


def check_independent_visits(view: PlanView, exact: Fraction) -> list[Violation]:
    """The independent-visits part of rule 10: within 0.005 of the exact sum."""
    value = view.independent_visits
    if value is None:
        return []  # reported while reading the plan
    if value != value or value in (float("inf"), float("-inf")):
        return [Violation(10, f"stats.visits_if_drawn_independently is {show(value)}, not a finite number")]
    if abs(Fraction(value) - exact) > TOLERANCE:
        return [
            Violation(
                10,
                f"stats.visits_if_drawn_independently is {value}, expected {float(exact):.2f} "
                f"(exact {float(exact):.6f}, tolerance 0.005)",
            )
        ]
    return []


def independent_visits(populations: list[dict]) -> Fraction:
    """Σ over targets in at least one population of 1 − Π over its populations of (1 − n/N).

    Targets holding the same set of populations contribute the same term, so
    the exact sum is taken over those groups, not over millions of targets.
    """
    holding: dict[str, int] = {}  # target -> bit set of the populations holding it
    for index, population in enumerate(populations):
        bit = 1 << index
        for target in population["ids"]:
            holding[target] = holding.get(target, 0) | bit
    groups = Counter(holding.values())
    del holding
    total = Fraction(0)
    for mask, count in sorted(groups.items()):
        miss = Fraction(1)
        for index, population in enumerate(populations):
            if mask >> index & 1:
                miss *= 1 - Fraction(population["n"], len(population["ids"]))
        total += count * (1 - miss)
    return total
