"""The verifiable draw `jic-draw/1` (spec/draw.md): manifest, commitment, key, selection, visits.

Everything here is a pure function of the raw scenario as read and the
published entropy, so that anyone can re-run it with SHA-256/HMAC alone.
No library random number generator takes part.

The selection kernel is in `solver.draw_kernel`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.draw_kernel import select
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


def run_draw(raw: dict, scenario: Scenario, *, workers: int = 1) -> DrawResult:
    """The whole draw of a validated scenario: manifest, commitment, PRK, selections, visits.

    `workers` > 1 hashes big rounds in that many forked processes (same result).
    """
    if scenario.draw.entropy is None:
        raise ScenarioInvalid([Problem("draw.entropy", "missing field (the draw needs the published entropy)")])
    table = [t.id for t in scenario.targets]
    populations = build_populations(scenario)
    manifest = build_manifest(raw, scenario, populations)
    commitment = commitment_of(manifest)
    entropy = normalise_entropy(scenario.draw.entropy)
    prk = derive_prk(commitment, entropy)
    selections = _selection_dicts(table, populations, select(prk, table, populations, workers=workers))
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
