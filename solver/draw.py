"""The verifiable draw `jic-draw/1` (spec/draw.md): manifest, commitment, key, selection, visits.

Everything here is a pure function of the raw scenario as read and the
published entropy, so that anyone can re-run it with SHA-256/HMAC alone.
No library random number generator takes part.

The selection kernel computes r("target:" + id) once per target (not once per
population), ranks all those targets in one numpy sort on the leading 64 bits
of r (falling back to the full 256 bits, then the label, for the practically
impossible equal prefixes), and takes each population's n lowest ranks.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.draw_populations import Population, build_populations, independent_visits
from solver.schema import Problem, Scenario, ScenarioInvalid

ALGORITHM = "jic-draw/1"
ASCII_WHITESPACE = " \t\r\n\f\v"

__all__ = [
    "ALGORITHM", "DrawResult", "Population", "Visit", "build_manifest", "build_populations", "canonical_json",
    "commitment_of", "derive_prk", "draw_from_manifest", "independent_visits", "normalise_entropy",
    "rank_inspectors", "r_value", "run_draw", "scenario_sha256", "select",
]


@dataclass(frozen=True)
class Visit:
    """A distinct selected target with every item (sorted) and department (sorted) that selected it."""

    target: str
    items: list[str]
    departments: list[str]


@dataclass
class DrawResult:
    """Everything the draw produced; `selections` are the plan's dicts, in manifest order."""

    manifest: dict
    commitment: str
    entropy: str
    prk: bytes
    selections: list[dict]
    visits: list[Visit]
    populations: list[Population] = field(default_factory=list)
    visits_if_drawn_independently: float = 0.0


def normalise_entropy(text: str) -> str:
    """The entropy as published, with leading and trailing ASCII white space removed."""
    return text.strip(ASCII_WHITESPACE)


def canonical_json(obj: Any) -> bytes:
    """The canonical form: UTF-8, keys sorted, no insignificant white space, non-ASCII kept."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def scenario_sha256(raw: dict) -> str:
    """SHA-256 of the scenario as read, without `draw.entropy` and top-level `amendments`."""
    hashed = {key: value for key, value in raw.items() if key != "amendments"}
    if isinstance(hashed.get("draw"), dict):
        hashed["draw"] = {key: value for key, value in hashed["draw"].items() if key != "entropy"}
    return hashlib.sha256(canonical_json(hashed)).hexdigest()


def derive_prk(commitment_hex: str, entropy: str) -> bytes:
    """PRK = HMAC-SHA256(key = commitment bytes, msg = entropy), the entropy normalised first."""
    return hmac.digest(bytes.fromhex(commitment_hex), normalise_entropy(entropy).encode("utf-8"), "sha256")


def r_value(prk: bytes, label: str) -> int:
    """r(label) = HMAC-SHA256(PRK, label || 0x01) as a big-endian 256-bit integer."""
    return int.from_bytes(hmac.digest(prk, label.encode("utf-8") + b"\x01", "sha256"), "big")


def rank_inspectors(prk: bytes, target_id: str, inspector_ids: list[str]) -> list[str]:
    """The slot's inspectors best first: by r("inspector:" + target + ":" + id), ties by label."""
    keyed = [(r_value(prk, f"inspector:{target_id}:{i}"), i) for i in inspector_ids]
    return [i for _, i in sorted(keyed)]


def build_manifest(raw: dict, scenario: Scenario, populations: list[Population]) -> dict:
    """The committed manifest: exactly algorithm, round, entropy_source, scenario_sha256, populations."""
    return {
        "algorithm": ALGORITHM,
        "round": scenario.round.id,
        "entropy_source": scenario.draw.entropy_source,
        "scenario_sha256": scenario_sha256(raw),
        "populations": [
            {"department": p.department, "item": p.item, "stratum": p.stratum, "n": p.n, "ids": p.ids}
            for p in populations
        ],
    }


def commitment_of(manifest: dict) -> str:
    """Lowercase hex SHA-256 of the canonical manifest bytes."""
    return hashlib.sha256(canonical_json(manifest)).hexdigest()


def _target_digests(prk: bytes, ids: list[str]) -> bytes:
    """r("target:" + id) for each id, concatenated (32 bytes each).

    HMAC written as its two SHA-256 calls with the padded keys built once:
    this is the same function as hmac.digest, about twice as fast per id.
    """
    key = prk.ljust(64, b"\0")  # a 32-byte PRK is shorter than the block, so no pre-hash
    inner_pad = bytes(b ^ 0x36 for b in key) + b"target:"
    outer_pad = bytes(b ^ 0x5C for b in key)
    sha = hashlib.sha256
    return b"".join([sha(outer_pad + sha(inner_pad + (i + "\x01").encode("utf-8")).digest()).digest() for i in ids])


def target_ranks(prk: bytes, ids: list[str]) -> np.ndarray:
    """rank[k] = position of ids[k] when all ids are ordered by (r("target:" + id), label)."""
    digests = _target_digests(prk, ids)
    words = np.frombuffer(digests, dtype=">u8").reshape(-1, 4)
    leading = words[:, 0].astype(np.uint64)
    order = np.argsort(leading, kind="stable")
    sorted_lead = leading[order]
    equal = np.flatnonzero(sorted_lead[1:] == sorted_lead[:-1])
    if equal.size:
        order = _resolve_prefix_ties(order, sorted_lead, equal, digests, ids)
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(ids), dtype=np.int64)
    return ranks


def _resolve_prefix_ties(order, sorted_lead, equal, digests, ids) -> np.ndarray:
    """Reorder runs of equal leading 64 bits by the full r, then by label (code point order)."""
    order = order.copy()
    starts = sorted(set(int(k) for k in equal))
    k = 0
    while k < len(starts):
        lo = starts[k]
        hi = lo + 1
        while hi < len(sorted_lead) and sorted_lead[hi] == sorted_lead[lo]:
            hi += 1
        group = [int(j) for j in order[lo:hi]]
        group.sort(key=lambda j: (digests[32 * j:32 * j + 32], ids[j]))
        order[lo:hi] = group
        while k < len(starts) and starts[k] < hi:
            k += 1
    return order


def select(prk: bytes, table: list[str], populations: list[Population]) -> list[np.ndarray]:
    """Per population, the indices (into `table`) of its n selected targets in draw order."""
    needed_parts = [p.members for p in populations if p.n > 0 and len(p.members)]
    if needed_parts:
        needed = np.unique(np.concatenate(needed_parts))
    else:
        needed = np.empty(0, dtype=np.int64)
    rank = np.full(len(table), -1, dtype=np.int64)
    rank[needed] = target_ranks(prk, [table[int(k)] for k in needed])
    result = []
    for p in populations:
        n = min(p.n, len(p.members))
        if n == 0:
            result.append(np.empty(0, dtype=np.int64))
            continue
        r = rank[p.members]
        if n < len(r):
            part = np.argpartition(r, n - 1)[:n]
        else:
            part = np.arange(len(r))
        result.append(p.members[part[np.argsort(r[part], kind="stable")]])
    return result


def _visits(selections: list[dict]) -> list[Visit]:
    carried: dict[str, tuple[set[str], set[str]]] = {}
    for sel in selections:
        for target in sel["targets"]:
            items, departments = carried.setdefault(target, (set(), set()))
            items.add(sel["item"])
            departments.add(sel["department"])
    return [Visit(t, sorted(carried[t][0]), sorted(carried[t][1])) for t in sorted(carried)]


def _selection_dicts(table: list[str], populations: list[Population], chosen: list[np.ndarray]) -> list[dict]:
    return [
        {"department": p.department, "item": p.item, "stratum": p.stratum, "population": len(p.members),
         "n": p.n, "targets": [table[int(k)] for k in picks]}
        for p, picks in zip(populations, chosen, strict=True)
    ]


def run_draw(raw: dict, scenario: Scenario) -> DrawResult:
    """The whole draw of a validated scenario: manifest, commitment, PRK, selections, visits."""
    if scenario.draw.entropy is None:
        raise ScenarioInvalid([Problem("draw.entropy", "missing field (the draw needs the published entropy)")])
    table = [t.id for t in scenario.targets]
    populations = build_populations(scenario)
    manifest = build_manifest(raw, scenario, populations)
    commitment = commitment_of(manifest)
    entropy = normalise_entropy(scenario.draw.entropy)
    prk = derive_prk(commitment, entropy)
    selections = _selection_dicts(table, populations, select(prk, table, populations))
    return DrawResult(
        manifest=manifest, commitment=commitment, entropy=entropy, prk=prk, selections=selections,
        visits=_visits(selections), populations=populations,
        visits_if_drawn_independently=independent_visits(populations, len(table)),
    )


def draw_from_manifest(manifest: dict, entropy: str) -> tuple[str, list[dict]]:
    """Recompute a published draw from its manifest alone: (commitment, selections)."""
    commitment = commitment_of(manifest)
    prk = derive_prk(commitment, entropy)
    index: dict[str, int] = {}
    populations = []
    for entry in manifest["populations"]:
        members = np.array([index.setdefault(i, len(index)) for i in entry["ids"]], dtype=np.int64)
        populations.append(Population(entry["department"], entry["item"], entry["stratum"], entry["n"],
                                      list(entry["ids"]), members))
    table = list(index)
    return commitment, _selection_dicts(table, populations, select(prk, table, populations))
