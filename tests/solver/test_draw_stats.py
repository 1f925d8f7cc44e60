"""Statistical properties of the draw, on fixed entropies (deterministic, never flaky).

Uniformity: over 2,000 entropies every member of a population is selected about
equally often (chi-square far below the 0.1% critical value; a biased rule is
shown to fail the same test). Coordination: with overlapping populations the
observed number of visits is well below the expectation had each population
been drawn with its own seed.
"""

from __future__ import annotations

import numpy as np

from coordinator.synthetic import generate_scenario
from solver.draw import commitment_of, derive_prk, run_draw, select
from solver.draw_populations import Population
from solver.schema import load_scenario

DRAWS = 2000
CHI2_CRITICAL_001 = {19: 43.82, 11: 31.26}  # chi-square 0.1% critical values by degrees of freedom


def _manifest(populations: list[Population]) -> dict:
    return {"algorithm": "jic-draw/1", "round": "STAT", "entropy_source": "test", "scenario_sha256": "0" * 64,
            "populations": [{"department": p.department, "item": p.item, "stratum": p.stratum, "n": p.n,
                             "ids": p.ids} for p in populations]}


def _populations() -> tuple[list[str], list[Population]]:
    table = [f"91440100MA{k:08d}" for k in range(26)]
    first = Population("SCJG", "SCJG-01", "B", 5, table[:20], np.arange(20, dtype=np.int64))
    second = Population("XF", "XF-01", "*", 3, table[14:], np.arange(14, 26, dtype=np.int64))
    return table, [first, second]


def _inclusion_counts() -> list[np.ndarray]:
    table, populations = _populations()
    commitment = commitment_of(_manifest(populations))
    counts = [np.zeros(len(table), dtype=np.int64) for _ in populations]
    for k in range(DRAWS):
        prk = derive_prk(commitment, f"stat-{k:04d}")
        for c, picks in zip(counts, select(prk, table, populations), strict=True):
            c[picks] += 1
    return counts


def chi_square(observed: np.ndarray, expected: float) -> float:
    return float(np.sum((observed - expected) ** 2) / expected)


def test_inclusion_is_uniform_within_each_population():
    (first, second) = _inclusion_counts()
    members_first, members_second = first[:20], second[14:]
    assert members_first.sum() == DRAWS * 5 and members_second.sum() == DRAWS * 3
    assert first[20:].sum() == 0 and second[:14].sum() == 0  # nobody outside a population is drawn
    stat_first = chi_square(members_first, DRAWS * 5 / 20)
    stat_second = chi_square(members_second, DRAWS * 3 / 12)
    assert stat_first < CHI2_CRITICAL_001[19], (stat_first, members_first)
    assert stat_second < CHI2_CRITICAL_001[11], (stat_second, members_second)


def test_the_uniformity_test_rejects_a_biased_rule():
    # Taking each population's first n ids plus one random-looking swap is what a careless
    # implementation might do; the same statistic must reject it.
    biased = np.zeros(20, dtype=np.int64)
    for k in range(DRAWS):
        picks = [0, 1, 2, 3, 4 + (k % 16)]
        biased[picks] += 1
    assert chi_square(biased, DRAWS * 5 / 20) > CHI2_CRITICAL_001[19]


def test_overlapping_members_are_taken_together_more_often_than_independently():
    table, populations = _populations()
    commitment = commitment_of(_manifest(populations))
    both = 0
    for k in range(DRAWS):
        prk = derive_prk(commitment, f"stat-{k:04d}")
        first, second = (set(int(i) for i in p) for p in select(prk, table, populations))
        both += len(first & second)
    # Independent seeds: Σ over the 6 shared members of (5/20)(3/12) per draw.
    independent = DRAWS * 6 * (5 / 20) * (3 / 12)
    assert both > 1.5 * independent


def test_coordination_gain_on_a_synthetic_round():
    raw = generate_scenario(targets=4000, departments=3, inspectors=30, seed=5)
    scenario = load_scenario(raw)
    observed = []
    for k in range(5):
        # The entropy is not hashed, so only the model's copy needs the new value.
        revealed = scenario.model_copy(update={"draw": scenario.draw.model_copy(update={"entropy": f"coordination-{k}"})})
        draw = run_draw(raw, revealed)
        observed.append(len(draw.visits))
        assert len(draw.visits) < draw.visits_if_drawn_independently
    expected_independent = draw.visits_if_drawn_independently
    assert np.mean(observed) < 0.9 * expected_independent, (observed, expected_independent)


def test_the_same_entropy_gives_the_same_draw_and_another_a_different_one():
    table, populations = _populations()
    commitment = commitment_of(_manifest(populations))
    once = [list(p) for p in select(derive_prk(commitment, "stat-0001"), table, populations)]
    again = [list(p) for p in select(derive_prk(commitment, "stat-0001"), table, populations)]
    other = [list(p) for p in select(derive_prk(commitment, "stat-0002"), table, populations)]
    assert once == again and once != other
