"""The draw reproduces the spec's vectors and our own independent ones, value by value."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from coordinator.synthetic import generate_scenario
from solver.draw import (
    build_manifest,
    build_populations,
    canonical_json,
    commitment_of,
    derive_prk,
    draw_from_manifest,
    normalise_entropy,
    r_value,
    rank_inspectors,
    run_draw,
    scenario_sha256,
)
import solver.draw_kernel as kernel
from solver.draw_kernel import _exact_lowest, _lowest, select, target_digests
from solver.draw_populations import Population, exact_independent_visits, sample_size
from solver.schema import load_scenario, parse_scenario_text

VECTORS = Path(__file__).parent / "vectors"
CASES = ["small", "own"]  # small: spec/examples (copied); own: make_vectors.py (hashlib/hmac only)


def load_case(name: str):
    raw = parse_scenario_text((VECTORS / f"{name}.scenario.json").read_text("utf-8"))
    vectors = json.loads((VECTORS / f"{name}.vectors.json").read_text("utf-8"))
    return raw, load_scenario(raw), vectors


@pytest.fixture(scope="module", params=CASES)
def case(request):
    raw, scenario, vectors = load_case(request.param)
    return raw, scenario, vectors, run_draw(raw, scenario)


def test_scenario_hash(case):
    raw, _, vectors, _ = case
    assert scenario_sha256(raw) == vectors["scenario_sha256"]


def test_manifest_bytes(case):
    _, _, vectors, draw = case
    assert canonical_json(draw.manifest).decode("utf-8") == vectors["manifest_canonical_utf8"]
    assert list(draw.manifest) == ["algorithm", "round", "entropy_source", "scenario_sha256", "populations"]


def test_commitment_entropy_prk(case):
    _, _, vectors, draw = case
    assert draw.commitment == vectors["commitment"] == commitment_of(draw.manifest)
    assert draw.entropy == vectors["entropy"]
    assert draw.prk.hex() == vectors["prk_hex"]


def test_r_values(case):
    _, _, vectors, draw = case
    assert len(vectors["r_hex"]) >= 8
    for label, expected in vectors["r_hex"].items():
        assert r_value(draw.prk, label) == int(expected, 16), label


def test_selections(case):
    _, _, vectors, draw = case
    assert draw.selections == vectors["selections"]


def test_draw_check_from_the_manifest_alone(case):
    _, _, vectors, draw = case
    published = json.loads(json.dumps(draw.manifest, ensure_ascii=False))
    commitment, selections = draw_from_manifest(published, " " + draw.entropy + "\n")
    assert commitment == vectors["commitment"]
    assert selections == vectors["selections"]


def test_small_manifest_is_the_plans():
    raw, scenario, _ = load_case("small")
    plan = json.loads((VECTORS / "small.plan.json").read_text("utf-8"))
    draw = run_draw(raw, scenario)
    assert draw.manifest == plan["manifest"]
    assert draw.visits_if_drawn_independently == plan["stats"]["visits_if_drawn_independently"] == 17.07
    assert abs(exact_independent_visits(draw.populations) - Fraction(1707, 100)) <= Fraction(5, 1000)


def test_own_vectors_cover_the_hard_cases():
    raw, scenario, vectors = load_case("own")
    assert raw["draw"]["entropy"] != vectors["entropy"]  # outer white space was removed
    assert "期" in vectors["entropy"]
    by_key = {(s["department"], s["item"], s["stratum"]): s for s in vectors["selections"]}
    assert by_key["SCJG", "SCJG-07", "B"]["population"] == 100 and by_key["SCJG", "SCJG-07", "B"]["n"] == 7
    assert by_key["XF", "XF-01", "*"]["n"] == 3  # count 9 capped at N = 3 (one revoked, one excluded)
    assert any(label.startswith("target:site-") for label in vectors["r_hex"])


def test_visits_carry_every_item_that_selected_them():
    raw, scenario, _ = load_case("own")
    draw = run_draw(raw, scenario)
    [shared] = [v for v in draw.visits if v.target == "产品-甲-01"]
    assert shared.items == ["SCJG-07", "XF-01"] and shared.departments == ["SCJG", "XF"]
    assert [v.target for v in draw.visits] == sorted(v.target for v in draw.visits)


# --- single functions against the spec text ----------------------------------------------


@pytest.mark.parametrize(("size", "ratio", "count", "n"), [
    (100, "7%", None, 7), (100, "0.07", None, 7), (100, "0.070", None, 7), (101, "7%", None, 8),
    (3, "0.5", None, 2), (0, "5%", None, 0), (10, "0", None, 0), (10, "1", None, 10), (10, "100%", None, 10),
    (29, "3.45%", None, 2), (5, None, 9, 5), (5, None, 0, 0), (1000, "0.1", None, 100), (10, "0.10000000001", None, 2),
])
def test_sample_size_is_exact(size, ratio, count, n):
    assert sample_size(size, ratio, count) == n


def test_float_arithmetic_would_have_been_wrong():
    assert math.ceil(100 * 0.07) == 8 and sample_size(100, "0.07", None) == 7


@pytest.mark.parametrize(("published", "used"), [
    (" \t01 02\r\n\f\v", "01 02"), ("\u3000第1期\u3000", "\u3000第1期\u3000"), ("\xa0x\xa0", "\xa0x\xa0"),
    ("a  b", "a  b"), ("", ""),
])
def test_entropy_loses_only_outer_ascii_white_space(published, used):
    assert normalise_entropy(published) == used


def test_prk_and_r_are_plain_hmac():
    commitment = hashlib.sha256(b"x").hexdigest()
    prk = derive_prk(commitment, "熵 1")
    assert prk == hmac.new(bytes.fromhex(commitment), "熵 1".encode(), hashlib.sha256).digest()
    expected = hmac.new(prk, "target:甲".encode() + b"\x01", hashlib.sha256).digest()
    assert r_value(prk, "target:甲") == int.from_bytes(expected, "big")


def test_scenario_hash_ignores_entropy_and_amendments_only():
    raw, _, _ = load_case("own")
    base = scenario_sha256(raw)
    changed = copy.deepcopy(raw)
    changed["draw"]["entropy"] = "something else"
    changed["amendments"] = []
    assert scenario_sha256(changed) == base
    changed["x-note"] = "edited"
    assert scenario_sha256(changed) != base
    changed = copy.deepcopy(raw)
    changed["inspectors"][0]["tags"] = ["食品"]
    assert scenario_sha256(changed) != base
    assert "entropy" in raw["draw"] and "amendments" in raw  # the input was not modified


def test_rank_inspectors_orders_by_r_then_label():
    prk = bytes(range(32))
    ids = ["4401140003", "4401140001", "B", "a", "4401140002"]
    ranked = rank_inspectors(prk, "T1", ids)
    assert ranked == sorted(ids, key=lambda i: (r_value(prk, f"inspector:T1:{i}"), i))
    assert sorted(ranked) == sorted(ids)


def test_kernel_matches_a_naive_per_id_sort_on_a_larger_round():
    raw = generate_scenario(targets=3000, departments=3, inspectors=30, seed=11)
    scenario = load_scenario(raw)
    draw = run_draw(raw, scenario)
    for sel, pop in zip(draw.selections, draw.populations, strict=True):
        naive = sorted(pop.ids, key=lambda i: (r_value(draw.prk, "target:" + i), i))[:pop.n]
        assert sel["targets"] == naive


def test_equal_leading_words_fall_back_to_the_full_value_then_the_label():
    lead = np.array([5, 1, 5, 9, 5], dtype=np.uint64)
    assert _lowest(lead, 2) is None  # the cut falls inside the run of 5s
    assert _lowest(lead, 4) is None  # the run of 5s is inside the selection
    assert _lowest(np.array([5, 1, 7], dtype=np.uint64), 2).tolist() == [1, 0]
    table = ["c", "a", "b", "d", "e"]
    members = np.array([0, 1, 2, 4], dtype=np.int64)
    needed = np.array([0, 1, 2, 4], dtype=np.int64)
    same = b"\x05" * 8
    digests = same + b"\x02" * 24 + same + b"\x01" * 24 + same + b"\x01" * 24 + b"\x00" * 32
    picks = _exact_lowest(members, 3, table, digests, needed)
    assert [table[int(members[k])] for k in picks] == ["e", "a", "b"]


def test_manifest_lists_empty_ratio_populations_and_count_items_as_star():
    raw, scenario, _ = load_case("small")
    populations = build_populations(scenario)
    keys = [(p.department, p.item, p.stratum) for p in populations]
    assert keys == sorted(keys)
    assert ("SCJG", "SCJG-02", "-") in keys and ("SCJG", "SCJG-01", "*") in keys
    manifest = build_manifest(raw, scenario, populations)
    empty = [p for p in manifest["populations"] if not p["ids"]]
    assert empty and all(p["n"] == 0 for p in empty)
    assert all(p["ids"] == sorted(p["ids"]) for p in manifest["populations"])


def test_forked_hashing_gives_the_same_digests(monkeypatch):
    ids = [f"T{k:06d}" for k in range(3000)] + ["产品-甲-01", "site-Alpha-9"]
    prk = derive_prk("cd" * 32, "并行")
    alone = target_digests(prk, ids, workers=1)
    assert int.from_bytes(alone[-32:], "big") == r_value(prk, "target:site-Alpha-9")
    monkeypatch.setattr(kernel, "PARALLEL_MIN", 100)
    monkeypatch.setattr(kernel, "CHUNK", 64)  # many chunks, so chunk edges inside each range are crossed
    for workers in (2, 3):
        assert target_digests(prk, ids, workers=workers) == alone
    odd = ids + ["line\nfeed"]  # cannot be split on line feeds: hashed in one process, same result
    assert target_digests(prk, odd, workers=2) == target_digests(prk, odd, workers=1)


DRAW_PATH = ["solver/draw.py", "solver/draw_kernel.py", "solver/draw_populations.py", "solver/schema.py",
             "solver/schema_checks.py", "solver/plan.py", "solver/deadlines.py"]


@pytest.mark.parametrize("module", DRAW_PATH)
def test_no_library_randomness_in_the_draw_path(module):
    source = (Path(__file__).resolve().parents[2] / module).read_text("utf-8")
    for forbidden in ("import random", "from random", "np.random", "numpy.random", "secrets", "default_rng"):
        assert forbidden not in source, f"{module} mentions {forbidden}"


def test_select_takes_the_exact_path_when_leading_words_tie(monkeypatch):
    table = ["t0", "t1", "t2", "t3"]
    # t1 and t3 share their leading 64 bits; t3's full value is smaller; t0 is the smallest.
    crafted = {"t0": b"\x00" * 32, "t1": b"\x07" * 8 + b"\x09" * 24, "t2": b"\xff" * 32, "t3": b"\x07" * 8 + b"\x01" * 24}
    monkeypatch.setattr(kernel, "_digests", lambda prk, ids, workers: b"".join(crafted[i] for i in ids))
    population = Population("D", "I", "*", 2, list(table), np.arange(4, dtype=np.int64))
    [picks] = select(b"k" * 32, table, [population])
    assert [table[int(k)] for k in picks] == ["t0", "t3"]
