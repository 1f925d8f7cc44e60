"""Benchmark of the draw (spec/draw.md): prints a table of seconds and peak memory.

    .venv/bin/python benchmarks/draw.py            # 1M and 5M kernel, naive loop, 500k solve
    .venv/bin/python benchmarks/draw.py --quick    # 100k kernel, 20k naive, 20k solve (a smoke run)

Rows:

- kernel: populations in memory → selections (`solver.draw_kernel.select`), for N
  targets over 3 departments (2 items each, ratio items by stratum and count
  items; about 2.3 memberships per target), hashing in 1 and in 2 forked
  processes (`workers`). Each size runs in a fresh child
  process; memory is the child's peak RSS (`resource.getrusage`), i.e. the id
  table and populations plus the kernel, and the kernel's own increment above
  the RSS just before it ran.
- naive: the obvious per-population loop, sorting each population's ids by
  `r_value(prk, "target:" + id)` (one HMAC per id per population). Measured
  on a smaller size and extrapolated linearly to 1M and 5M (said so in the row).
- solve: the whole `coordinator solve --draw-only` (read, validate, populations,
  manifest, commitment, selections, plan JSON written) on a generated
  500,000-target scenario file, as a child process (wall time, peak RSS).

Goals (issue 5, 2 cores): kernel 1M ≤ 2 s, 5M ≤ 10 s, ≤ 2 GB.
Populations are made by integer mixing (SplitMix64 finaliser on numpy
arrays), not by any random number generator.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from coordinator.synthetic import generate_scenario
from solver.draw import derive_prk, r_value
from solver.draw_kernel import select
from solver.draw_populations import Population, sample_size

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENTS = ("SCJG", "XF", "YJGL")
STRATA = ("-", "A", "B", "C", "D")
RATIOS = {"A": "3%", "B": "5%", "C": "10%", "D": "20%", "-": "5%"}
GRADE_CUT = np.array([0.30, 0.75, 0.90, 0.95, 1.0])  # A 30%, B 45%, C 15%, D 5%, ungraded 5%


def mix(values: np.ndarray, salt: int) -> np.ndarray:
    """SplitMix64's finaliser on uint64 arrays: deterministic, well spread bits."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64((0x9E3779B97F4A7C15 * (salt + 1)) & (2**64 - 1))
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def unit(values: np.ndarray, salt: int) -> np.ndarray:
    return (mix(values, salt) >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def make_round(size: int) -> tuple[list[str], list[Population]]:
    """An id table (sorted USCC-shaped strings) and 3 departments' populations over it."""
    table = [f"9144{k % 100:02d}00MA{k:08d}" for k in range(size)]  # 18 characters, sorted by k
    index = np.arange(size, dtype=np.uint64)
    grade = np.searchsorted(GRADE_CUT, unit(index, 1), side="right")
    stratum_of = np.array(["A", "B", "C", "D", "-"])[np.minimum(grade, 4)]
    populations = []
    for d, dept in enumerate(DEPARTMENTS):
        listed = unit(index, 10 + d) < (0.45 + 0.1 * d)  # overlapping lists: 45%, 55%, 65%
        second = listed & (unit(index, 20 + d) < 0.4)
        for stratum in sorted(STRATA):
            members = np.flatnonzero(listed & (stratum_of == stratum))
            n = sample_size(len(members), RATIOS[stratum], None)
            populations.append(Population(dept, f"{dept}-01", stratum, n, [table[k] for k in members.tolist()], members))
        members = np.flatnonzero(second)
        populations.append(Population(dept, f"{dept}-02", "*", sample_size(len(members), None, len(members) // 40),
                                      [table[k] for k in members.tolist()], members))
    return table, populations


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the forked hashers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def load_average() -> str:
    with open("/proc/loadavg") as fh:
        return fh.read().split()[0]


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def child_kernel(size: int, workers: int) -> dict:
    table, populations = make_round(size)
    prk = derive_prk("ab" * 32, "benchmark entropy 01 02 03")
    before = current_rss_mb()
    started, cpu = time.perf_counter(), cpu_seconds()
    chosen = select(prk, table, populations, workers=workers)
    selections = [[table[k] for k in picks.tolist()] for picks in chosen]
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": cpu_seconds() - cpu, "peak_mb": peak_rss_mb(), "kernel_mb": peak_rss_mb() - before,
            "memberships": sum(len(p.members) for p in populations), "selected": sum(map(len, selections))}


def child_naive(size: int) -> dict:
    table, populations = make_round(size)
    prk = derive_prk("ab" * 32, "benchmark entropy 01 02 03")
    started, cpu = time.perf_counter(), cpu_seconds()
    for p in populations:
        sorted(p.ids, key=lambda i: (r_value(prk, "target:" + i), i))[:p.n]
    return {"seconds": time.perf_counter() - started, "cpu": cpu_seconds() - cpu, "peak_mb": peak_rss_mb()}


def run_child(kind: str, size: int, workers: int = 1) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--size", str(size), "--workers", str(workers)],
                         cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_solve(size: int) -> dict:
    path = Path(f"/tmp/bench-draw-scenario-{size}.json")
    if not path.exists():
        started = time.perf_counter()
        scenario = generate_scenario(targets=size, departments=3, inspectors=300, seed=2026)
        path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
        print(f"(generated {path} in {time.perf_counter() - started:.1f} s, {path.stat().st_size / 2**20:.0f} MB)")
    plan = Path(f"/tmp/bench-draw-plan-{size}.json")
    command = [str(Path(sys.executable).parent / "coordinator"), "solve", str(path), "-o", str(plan), "--draw-only"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 3:
        raise SystemExit(f"solve failed ({result.returncode}): {result.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": seconds, "peak_mb": after.ru_maxrss / 1024, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", choices=["kernel", "naive"])
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        result = child_kernel(args.size, args.workers) if args.child == "kernel" else child_naive(args.size)
        print(json.dumps(result))
        return
    sizes = [100_000] if args.quick else [1_000_000, 5_000_000]
    naive_size = 20_000 if args.quick else 200_000
    solve_size = 20_000 if args.quick else 500_000
    rows = []
    start_load = load_average()
    for size in sizes:
        goal = {1_000_000: "goal <= 2 s", 5_000_000: "goal <= 10 s"}.get(size, "")
        for workers in (1, 2):
            k = run_child("kernel", size, workers)
            rows.append((f"kernel {size:,} targets, {workers} process(es) ({k['memberships']:,} memberships)",
                         f"{k['seconds']:.2f}", f"{k['cpu']:.2f}", f"{k['peak_mb']:.0f} (kernel +{k['kernel_mb']:.0f})",
                         goal))
    naive = run_child("naive", naive_size)
    rows.append((f"naive loop {naive_size:,} targets (measured)", f"{naive['seconds']:.2f}", f"{naive['cpu']:.2f}",
                 f"{naive['peak_mb']:.0f}", ""))
    for size in sizes:
        rows.append((f"naive loop {size:,} targets (extrapolated linearly x{size // naive_size})",
                     f"{naive['seconds'] * size / naive_size:.1f}", f"{naive['cpu'] * size / naive_size:.1f}", "-", ""))
    solve = run_solve(solve_size)
    rows.append((f"coordinator solve --draw-only, {solve_size:,}-target file", f"{solve['seconds']:.2f}",
                 f"{solve['cpu']:.2f}", f"{solve['peak_mb']:.0f}", "parse + validate + draw + plan written"))
    width = max(len(r[0]) for r in rows)
    print(f"load average at the start: {start_load}, at the end: {load_average()} (2 cores, shared)")
    print(f"{'measurement':<{width}}  {'wall s':>8}  {'cpu s':>8}  {'peak RSS MB':>20}  note")
    for name, seconds, cpu, memory, note in rows:
        print(f"{name:<{width}}  {seconds:>8}  {cpu:>8}  {memory:>20}  {note}")


if __name__ == "__main__":
    main()
