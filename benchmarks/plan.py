"""Planner benchmark: V = 200, 2,000 and 10,000 visits over 3–6 departments, beside the greedy baseline.

    .venv/bin/python benchmarks/plan.py            # all three sizes
    .venv/bin/python benchmarks/plan.py 200 2000   # chosen sizes
    .venv/bin/python benchmarks/plan.py --own 200  # this file's simpler generator
    .venv/bin/python benchmarks/plan.py --progress 10000   # phases on stderr

For each generated scenario it prints the planner's seconds, solver status,
objective (total drawn rank position of seated inspectors), bound and gap,
substitutions, unstaffed slots, effective cap and the max−min visits per
inspector, and the same figures for the greedy baseline (walk the visits in
order, take the first eligible inspectors, scenario cap) on the same dates.
Scenarios come from `coordinator.synthetic` (its target count calibrated
to draw about V visits); `--own` uses the small generator below instead,
where every item's sample is its whole population (visits = targets). Both
use `SeededStream`, so every run plans the same rounds.
"""

from __future__ import annotations

import math
import sys
import time

from coordinator import synthetic
from coordinator.seeded import SeededStream
from solver.assignment import assignment_from, problem_from
from solver.assignment.planner import load_spread, solve_greedy, solve_problem
from solver.draw import run_draw
from solver.schema import load_scenario

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


def _scenario(visits: int) -> dict:
    """`coordinator.synthetic`'s round, its target count calibrated so that about `visits` are drawn."""
    depts = _department_count(visits)
    inspectors = max(depts * 4, visits // 4)
    targets = visits * 8
    for _ in range(2):
        raw = synthetic.generate_scenario(targets=targets, departments=depts, inspectors=inspectors, seed=6)
        drawn = len(run_draw(raw, load_scenario(raw)).visits)
        targets = max(1, round(targets * visits / max(1, drawn)))
    return raw


def _figures(problem, solution, seconds: float) -> dict:
    assignment = assignment_from(problem, solution)
    stats = assignment.stats
    objective, bound = stats["objective"], stats["bound"]
    gap = (objective - bound) / objective if objective else 0.0
    return {"seconds": seconds, "status": stats["solver_status"], "objective": objective, "bound": bound,
            "gap": gap, "subs": len(assignment.substitutions), "unstaffed": len(assignment.unstaffed),
            "cap": stats["max_visits_per_inspector_effective"], "spread": load_spread(problem, solution)}


def _progress(started: float):
    def report(phase: str, fraction, detail: dict) -> None:
        if phase != "solve" or "status" in detail:
            print(f"  {time.perf_counter() - started:8.1f}s {phase} {detail}", file=sys.stderr, flush=True)
    return report


def run(visits: int, own: bool = False, progress: bool = False) -> None:
    """Generate, draw, plan and compare one size; print two lines."""
    raw = generate_scenario(visits, _department_count(visits)) if own else _scenario(visits)
    scenario = load_scenario(raw)
    draw = run_draw(raw, scenario)
    start = time.perf_counter()
    problem = problem_from(scenario, draw)
    solution = solve_problem(problem, _progress(start) if progress else None)
    planner = _figures(problem, solution, time.perf_counter() - start)
    start = time.perf_counter()
    greedy = _figures(problem, solve_greedy(problem), time.perf_counter() - start)
    slots = len(problem.slots)
    for name, row in (("planner", planner), ("greedy", greedy)):
        print(f"V={len(problem.visits):>6} slots={slots:>6} depts={len(problem.departments)} {name:<8}"
              f" {row['seconds']:8.2f}s {row['status']:<9} obj={row['objective']:>8} bound={row['bound']:>8}"
              f" gap={100 * row['gap']:6.2f}% subs={row['subs']:>6} unstaffed={row['unstaffed']:>4}"
              f" cap={row['cap']:>3} spread={row['spread']:>3}", flush=True)


def main(argv: list[str]) -> None:
    own, progress = "--own" in argv, "--progress" in argv
    sizes = [int(a) for a in argv if not a.startswith("--")] or [200, 2000, 10000]
    for visits in sizes:
        run(visits, own, progress)


if __name__ == "__main__":
    main(sys.argv[1:])
