"""The internal planning problem: a scenario and its draw, reduced to plain indexed data.

`build_problem` turns the pydantic `Scenario` (field names as in spec/scenario.md)
and the `DrawResult` into slots (one per visit × participating department),
each with its drawn inspector ranking, the tags it needs and the reasons that
keep inspectors out regardless of the date. Amendments enter here exactly
like `unavailable` ranges and `inspector_target` conflicts, so no later stage
needs to know about them. Everything is sorted, so that iteration order never
depends on hashing.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.assignment.eligibility import (
    CERTIFICATE_EXPIRED,
    CONFLICT,
    RECENT_INSPECTION,
    UNAVAILABLE,
    UNQUALIFIED,
)


@dataclass(frozen=True)
class Inspector:
    """One inspector, with amendments already folded into `unavailable`."""

    id: str
    department: str
    tags: frozenset[str]
    can_lead: bool
    certificate_expires: dt.date | None
    unavailable: tuple[tuple[dt.date, dt.date], ...]

    def date_reason(self, day: dt.date) -> str | None:
        """Why this inspector cannot work on `day`, or None."""
        for start, end in self.unavailable:
            if start <= day <= end:
                return UNAVAILABLE
        if self.certificate_expires is not None and day > self.certificate_expires:
            return CERTIFICATE_EXPIRED
        return None


@dataclass
class Visit:
    """One selected target, carrying its items and the slots of its departments."""

    index: int
    target: str
    street: str
    items: tuple[str, ...]
    departments: tuple[str, ...]
    slots: list[int] = field(default_factory=list)


class IndexedView:
    """Read-only `view[inspector_id]` over a compact array indexed by the department's inspector index."""

    __slots__ = ("_index", "_values", "_decode")

    def __init__(self, index: dict[str, int], values, decode=None) -> None:
        self._index, self._values, self._decode = index, values, decode

    def __getitem__(self, inspector: str):
        value = self._values[self._index[inspector]]
        return self._decode[value] if self._decode is not None else value

    def __contains__(self, inspector: str) -> bool:
        return inspector in self._index


STATIC_CODES = (None, CONFLICT, RECENT_INSPECTION, UNQUALIFIED)


@dataclass
class Slot:
    """One (visit, department) pair that needs a team.

    `position[i]` is inspector i's place in the slot's drawn ranking (0 best);
    `static_reason[i]` the date-free reason keeping i out, or None. Both are
    compact arrays behind a dict-like view: a large round has millions of
    (slot, inspector) pairs.
    """

    index: int
    visit: int
    target: str
    department: str
    required_tags: frozenset[str]
    ranking: list[str]
    position: IndexedView
    static_reason: IndexedView
    statically_eligible: list[str]


@dataclass
class Problem:
    """Everything the planner needs, indexed and sorted."""

    days: list[dt.date]
    visits: list[Visit]
    slots: list[Slot]
    inspectors: dict[str, Inspector]
    departments: list[str]
    by_department: dict[str, list[str]]
    pairs: frozenset[frozenset[str]]
    pair_partners: dict[str, frozenset[str]]
    team_size: int
    day_cap: int
    round_cap: int
    lead_department: str
    available: dict[str, tuple[bool, ...]]
    tiebreak_value: Callable[[str, str], int]

    def reason(self, slot: Slot, inspector: str, day_index: int) -> str | None:
        """The date-bound or static reason that keeps `inspector` out of `slot` on a day."""
        day_reason = self.inspectors[inspector].date_reason(self.days[day_index])
        return day_reason or slot.static_reason[inspector]

    def eligible(self, slot: Slot, inspector: str, day_index: int) -> bool:
        return self.available[inspector][day_index] and slot.static_reason[inspector] is None

    def eligible_ranked(self, slot: Slot, day_index: int) -> list[str]:
        """The slot's eligible inspectors on a day, best drawn rank first."""
        return [i for i in slot.statically_eligible if self.available[i][day_index]]


def get(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a pydantic model or a dict (`from` is the model's `from_`)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, _MISSING)
    if value is _MISSING:
        value = getattr(obj, name + "_", default)
    return value


_MISSING = object()


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _inspectors(scenario: Any) -> dict[str, Inspector]:
    extra: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for amendment in get(scenario, "amendments") or []:
        if get(amendment, "type") == "unavailable":
            key = get(amendment, "inspector")
            extra.setdefault(key, []).append((as_date(get(amendment, "from")), as_date(get(amendment, "to"))))
    result = {}
    for ins in get(scenario, "inspectors") or []:
        ranges = [(as_date(get(u, "from")), as_date(get(u, "to"))) for u in get(ins, "unavailable") or []]
        ranges += extra.get(get(ins, "id"), [])
        result[get(ins, "id")] = Inspector(
            id=get(ins, "id"),
            department=get(ins, "department"),
            tags=frozenset(get(ins, "tags") or []),
            can_lead=bool(get(ins, "can_lead")),
            certificate_expires=as_date(get(ins, "certificate_expires")),
            unavailable=tuple(sorted(ranges)),
        )
    return result


def _conflicts(scenario: Any) -> set[tuple[str, str]]:
    conflicts = get(scenario, "conflicts")
    pairs = {(a, b) for a, b in (get(conflicts, "inspector_target") or [])} if conflicts else set()
    for amendment in get(scenario, "amendments") or []:
        if get(amendment, "type") == "conflict":
            pairs.add((get(amendment, "inspector"), get(amendment, "target")))
    return pairs


def _recusals(scenario: Any, window_start: dt.date) -> set[tuple[str, str]]:
    recusal_days = get(get(scenario, "round"), "recusal_days")
    if recusal_days is None:
        return set()
    since = window_start - dt.timedelta(days=recusal_days)
    found = set()
    for target in get(scenario, "targets") or []:
        for entry in get(target, "history") or []:
            if as_date(get(entry, "date")) >= since:
                found.update((i, get(target, "id")) for i in get(entry, "inspectors") or [])
    return found


def planning_days(scenario: Any, calendar: Any) -> list[dt.date]:
    """Working days of the window on or after the earliest date the notice allows."""
    rnd = get(scenario, "round")
    window = get(rnd, "window")
    earliest = calendar.add_working_days(as_date(get(rnd, "planning_date")), get(rnd, "notice_working_days"))
    first = max(as_date(get(window, "start")), earliest)
    return calendar.working_days_between(first, as_date(get(window, "end")))


def build_problem(scenario: Any, draw: Any, calendar: Any, rank, tiebreak) -> Problem:
    """Index the scenario and the draw; `rank(target, ids)` and `tiebreak(target, id)` come from the draw."""
    rnd = get(scenario, "round")
    days = planning_days(scenario, calendar)
    inspectors = _inspectors(scenario)
    departments = sorted({get(d, "code") for d in get(scenario, "departments") or []})
    by_department = {d: sorted(i for i in inspectors if inspectors[i].department == d) for d in departments}
    for ins in sorted(inspectors.values(), key=lambda x: x.id):
        by_department.setdefault(ins.department, [])
        if ins.id not in by_department[ins.department]:
            by_department[ins.department].append(ins.id)
    item_tags = {get(it, "code"): (get(it, "department"), frozenset(get(it, "required_tags") or []))
                 for it in get(scenario, "items") or []}
    streets = {get(t, "id"): get(t, "street") or "" for t in get(scenario, "targets") or []}
    conflicts = _conflicts(scenario)
    recusals = _recusals(scenario, as_date(get(get(rnd, "window"), "start")))
    raw_pairs = (get(get(scenario, "conflicts"), "inspector_pairs") or []) if get(scenario, "conflicts") else []
    pairs = frozenset(frozenset(p) for p in raw_pairs if len(set(p)) == 2)
    partners: dict[str, set[str]] = {}
    for pair in pairs:
        a, b = sorted(pair)
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    index_of = {d: {i: n for n, i in enumerate(members)} for d, members in by_department.items()}
    factory = _SlotFactory(inspectors, index_of, conflicts, recusals)
    visits, slots = [], []
    for vi, drawn in enumerate(sorted(get(draw, "visits"), key=lambda v: get(v, "target"))):
        target = get(drawn, "target")
        items = tuple(sorted(get(drawn, "items")))
        depts = tuple(sorted({item_tags[c][0] for c in items}))
        visit = Visit(vi, target, streets.get(target, ""), items, depts)
        for dept in depts:
            tags = frozenset().union(*[item_tags[c][1] for c in items if item_tags[c][0] == dept])
            slot = factory.make(len(slots), vi, target, dept, tags, rank(target, by_department.get(dept, [])))
            visit.slots.append(slot.index)
            slots.append(slot)
        visits.append(visit)
    available = {i: tuple(inspectors[i].date_reason(d) is None for d in days) for i in sorted(inspectors)}
    return Problem(
        days=days, visits=visits, slots=slots, inspectors=inspectors, departments=departments,
        by_department=by_department, pairs=pairs,
        pair_partners={k: frozenset(v) for k, v in sorted(partners.items())},
        team_size=get(rnd, "team_size"),
        day_cap=_cap(get(rnd, "max_visits_per_inspector_per_day"), len(visits)),
        round_cap=_cap(get(rnd, "max_visits_per_inspector"), len(visits)), lead_department=get(rnd, "lead_department"),
        available=available, tiebreak_value=tiebreak,
    )


def _cap(value: int | None, visits: int) -> int:
    """A missing cap binds nobody: nobody can have more visits than the round has."""
    return value if value is not None else visits


class _SlotFactory:
    """Builds slots fast: a large round has millions of (slot, inspector) pairs.

    The reason codes of a slot start from a per-(department, tags) template
    of unqualified inspectors; the target's few conflicts and recent
    inspections are then written over it (a conflict wins over a recusal,
    which wins over a missing qualification).
    """

    def __init__(self, inspectors, index_of, conflicts: set, recusals: set) -> None:
        self.inspectors, self.index_of = inspectors, index_of
        self.templates: dict[tuple[str, frozenset[str]], bytes] = {}
        self.conflicts: dict[str, list[str]] = {}
        self.recusals: dict[str, list[str]] = {}
        for inspector, target in sorted(conflicts):
            self.conflicts.setdefault(target, []).append(inspector)
        for inspector, target in sorted(recusals):
            self.recusals.setdefault(target, []).append(inspector)

    def _template(self, dept: str, tags: frozenset[str]) -> bytes:
        key = (dept, tags)
        if key not in self.templates:
            index = self.index_of[dept]
            codes = bytearray(len(index))
            for i, k in index.items():
                if not tags <= self.inspectors[i].tags:
                    codes[k] = STATIC_CODES.index(UNQUALIFIED)
            self.templates[key] = bytes(codes)
        return self.templates[key]

    def make(self, index: int, vi: int, target: str, dept: str, tags: frozenset[str], ranking: list[str]) -> Slot:
        dept_index = self.index_of[dept]
        codes = bytearray(self._template(dept, tags))
        for code, table in ((RECENT_INSPECTION, self.recusals), (CONFLICT, self.conflicts)):
            for i in table.get(target, ()):
                if i in dept_index:
                    codes[dept_index[i]] = STATIC_CODES.index(code)
        order = [dept_index[i] for i in ranking]
        inverse = np.empty(len(dept_index), dtype=np.int32)
        inverse[order] = np.arange(len(order), dtype=np.int32)
        positions = array("i")
        positions.frombytes(inverse.astype(np.int32).tobytes())
        eligible = [i for i, k in zip(ranking, order) if codes[k] == 0]
        return Slot(index, vi, target, dept, tags, list(ranking), IndexedView(dept_index, positions),
                    IndexedView(dept_index, bytes(codes), STATIC_CODES), eligible)
