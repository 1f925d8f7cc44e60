"""Populations of a round (spec/draw.md §3): who may be drawn, per department × item × stratum.

A population holds the active targets on the item's list, minus those the
same department inspected for the item within `exclusion_days` before the
window starts, minus those at the annual cap (spec/scenario.md, "Exact
definitions"). Sample sizes are exact: ceil(N × ratio) on fractions, so that
7% of 100 is 7.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from solver.schema_checks import ratio_value

COUNT_STRATUM = "*"
UNGRADED = "-"


@dataclass
class Population:
    """One (department, item, stratum): its sample size n and eligible ids, sorted ascending.

    `members` are the same targets as indices into the round's target table
    (the scenario's `targets` order), for the vectorised selection.
    """

    department: str
    item: str
    stratum: str
    n: int
    ids: list[str]
    members: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def size(self) -> int:
        """N, the number of eligible targets."""
        return len(self.ids)


def sample_size(size: int, ratio: str | None, count: int | None) -> int:
    """n = ceil(N × ratio) in exact arithmetic, or the count; capped at N."""
    if ratio is not None:
        value = ratio_value(ratio)
        if value is None:
            raise ValueError(f"not a ratio: {ratio!r}")
        product = size * value
        n = -(-product.numerator // product.denominator)
    else:
        n = int(count or 0)
    return min(n, size)


def _excluded_pairs(target: Any, since: dt.date | None) -> set[tuple[str, str]]:
    """(department, item) pairs this target is excluded from by a recent inspection."""
    if since is None:
        return set()
    return {(h.department, h.item) for h in target.history if h.date >= since}


def _at_annual_cap(target: Any, year: int, cap: int | None) -> bool:
    """Distinct inspection dates in `year` (all of them, later ones included) reach the cap."""
    if cap is None:
        return False
    return len({h.date for h in target.history if h.date.year == year}) >= cap


def build_populations(scenario: Any) -> list[Population]:
    """Every population of the round, sorted by (department, item, stratum), empty ones included."""
    rnd = scenario.round
    start = rnd.window.start
    since = start - dt.timedelta(days=rnd.exclusion_days) if rnd.exclusion_days is not None else None
    items = {item.code: item for item in scenario.items}
    buckets: dict[tuple[str, str, str], list[int]] = {}
    for item in scenario.items:
        for stratum in (sorted(item.ratio) if item.ratio is not None else [COUNT_STRATUM]):
            buckets[item.department, item.code, stratum] = []
    targets = scenario.targets
    ids = [t.id for t in targets]
    year, cap = start.year, rnd.annual_cap
    # Walking the targets in id order fills every bucket already sorted.
    for index in sorted(range(len(ids)), key=ids.__getitem__):
        target = targets[index]
        if target.status != "active":
            continue
        history = target.history
        if history and cap is not None and _at_annual_cap(target, year, cap):
            continue
        excluded = _excluded_pairs(target, since) if history else ()
        stratum = target.risk if target.risk is not None else UNGRADED
        codes = target.items if len(target.items) < 2 else sorted(set(target.items))
        for code in codes:
            item = items.get(code)
            if item is None or (item.department, code) in excluded:
                continue
            bucket = buckets.get((item.department, code, stratum if item.ratio is not None else COUNT_STRATUM))
            if bucket is not None:  # a stratum missing from the ratio map is not sampled
                bucket.append(index)
    populations = []
    for (department, code, stratum), members in sorted(buckets.items()):
        item = items[code]
        ratio = item.ratio.get(stratum) if item.ratio is not None else None
        n = sample_size(len(members), ratio, item.count)
        populations.append(Population(department, code, stratum, n, [ids[k] for k in members],
                                      np.asarray(members, dtype=np.int64)))
    return populations


def independent_visits(populations: list[Population], table_size: int) -> float:
    """Σ over targets in some population of 1 − Π over its populations of (1 − n/N), 2 decimals.

    Floating point: the spec accepts any value within 0.005 of the exact sum,
    and the error of a float sum over millions of terms is far below that.
    """
    keep = np.ones(table_size, dtype=np.float64)
    for p in populations:
        if p.size:
            keep[p.members] *= 1.0 - p.n / p.size
    return round(float(np.sum(1.0 - keep)), 2)


def exact_independent_visits(populations: list[Population]) -> Fraction:
    """The same sum in exact fractions (for tests and small rounds)."""
    keep: dict[str, Fraction] = {}
    for p in populations:
        for target in p.ids:
            keep[target] = keep.get(target, Fraction(1)) * (1 - Fraction(p.n, p.size))
    return sum((1 - v for v in keep.values()), Fraction(0))
