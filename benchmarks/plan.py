"""Planner benchmark: V = 200, 2,000 and 10,000 visits over 3–6 departments, beside the greedy baseline.

    .venv/bin/python benchmarks/plan.py            # all three sizes
    .venv/bin/python benchmarks/plan.py 200 2000   # chosen sizes

For each generated scenario it prints the planner's seconds, solver status,
objective (total drawn rank position of seated inspectors), bound and gap,
substitutions, unstaffed slots, effective cap and the max−min visits per
inspector, and the same figures for the greedy baseline (walk the visits in
order, take the first eligible inspectors, scenario cap) on the same dates.
Scenarios come from `coordinator.synthetic` when it offers
`generate_scenario`, otherwise from the small generator below; both use
`SeededStream`, so every run plans the same rounds. Every item's sample is
its whole population, so the visits are exactly the generated targets.
"""

from __future__ import annotations

import math
import sys
import time

from coordinator.seeded import SeededStream

DEPARTMENTS = ["SCJG", "XF", "WJ", "HB", "AJ", "ZJ"]
STREETS = [f"第{n}街道" for n in range(1, 25)]


def _department_count(visits: int) -> int:
    return {200: 3, 2000: 4}.get(visits, 6)


def _inspectors(stream: SeededStream, dept: str, count: int) -> list[dict]:
    result = []
    for n in range(count):
        unavailable = []
        if stream.chance(0.2):
            day = stream.between(7, 35)
            unavailable.append({"from": f"2026-09-{min(day, 30):02d}" if day <= 30 else f"2026-10-{day - 30:02d}",
                                "to": f"2026-10-{min(28, day - 30 + 4):02d}" if day > 30 else
                                f"2026-09-{min(30, day + 4):02d}", "reason": "培训"})
        result.append({
            "id": f"{dept}{n:05d}", "department": dept, "name": f"{dept}检查员{n}",
            "tags": [f"{dept}资格"] if stream.chance(0.75) else [],
            "certificate_expires": "2026-09-30" if stream.chance(0.05) else "2028-12-31",
            "can_lead": stream.chance(0.4), "unavailable": unavailable,
        })
    return result


def generate_scenario(visits: int, departments: int, seed: int = 6) -> dict:
    """A `jic-scenario/1` round with `visits` targets, all drawn, over `departments` departments."""
    stream = SeededStream(seed * 1_000_003 + visits)
    depts = DEPARTMENTS[:departments]
    targets, slots = [], {d: 0 for d in depts}
    for n in range(visits):
        chosen = sorted(stream.sample(depts, stream.weighted([1, 2, 3], [0.5, 0.35, 0.15])))
        items = []
        for d in chosen:
            slots[d] += 1
            items.append(f"{d}-01" if stream.chance(0.5) else f"{d}-02")
        targets.append({"id": f"T{n:07d}", "name": f"企业{n}", "street": stream.choice(STREETS),
                        "risk": stream.choice(["A", "B", "C", "D", "-"]), "status": "active",
                        "items": sorted(items), "history": []})
    inspectors = []
    for d in depts:
        inspectors += _inspectors(stream, d, math.ceil(slots[d] * 2 / 12) + 3)
    by_dept = {d: [i["id"] for i in inspectors if i["department"] == d] for d in depts}
    for target in stream.sample(targets, visits // 20):
        d = target["items"][0].split("-")[0]
        target["history"].append({"department": d, "item": target["items"][0], "date": "2025-06-01",
                                  "inspectors": stream.sample(by_dept[d], 2)})
    items = []
    for d in depts:
        for code, tags in ((f"{d}-01", [f"{d}资格"]), (f"{d}-02", [])):
            population = sum(1 for t in targets if code in t["items"])
            items.append({"code": code, "department": d, "name": code, "count": population, "required_tags": tags})
    pairs = [sorted(stream.sample(by_dept[d], 2)) for d in depts for _ in range(len(by_dept[d]) // 10)]
    conflicts = [[stream.choice(inspectors)["id"], stream.choice(targets)["id"]] for _ in range(visits // 50)]
    return {
        "format": "jic-scenario/1",
        "round": {"id": f"BENCH-{visits}", "name": f"基准测试{visits}", "lead_department": depts[0],
                  "planning_date": "2026-08-31", "window": {"start": "2026-09-07", "end": "2026-10-16"},
                  "notice_working_days": 3, "team_size": 2, "max_visits_per_inspector_per_day": 4,
                  "max_visits_per_inspector": 20, "exclusion_days": 365, "recusal_days": 730, "annual_cap": None},
        "draw": {"entropy_source": "benchmark", "entropy": f"bench {visits}"},
        "calendar": {"extra_holidays": [], "extra_workdays": [], "years": []},
        "departments": [{"code": d, "name": d} for d in depts],
        "items": items, "targets": targets, "inspectors": inspectors,
        "conflicts": {"inspector_target": conflicts, "inspector_pairs": pairs},
    }
