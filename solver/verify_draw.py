"""Rule 1 of spec/scenario.md: the plan publishes the scenario's own draw.

The commitment is the SHA-256 of the canonical form of the plan's manifest;
that manifest is the one the scenario defines (algorithm, round, entropy
source, `scenario_sha256`, populations with their n and sorted ids); the
plan's `entropy` is the scenario's, normalised as the spec defines; and every
selection equals the draw page's selection for its population (same order as
the manifest, targets in draw order).

The expected values come from `solver.draw` run on the scenario (the draw has
its own independent test vectors); this module only compares, field by field,
so that each difference is named.
"""

from __future__ import annotations

import hashlib
from typing import Any

from solver.draw import canonical_json
from solver.verify_model import Violation, show

MANIFEST_KEYS = ("algorithm", "entropy_source", "populations", "round", "scenario_sha256")
SELECTION_KEYS = ("department", "item", "stratum", "population", "n", "targets")


def check_draw(plan: dict, manifest: dict, commitment: str, entropy: str, selections: list[dict]) -> list[Violation]:
    """Rule 1 (see the module docstring)."""
    out = _check_manifest(plan.get("manifest"), manifest)
    given = plan.get("commitment")
    if not isinstance(given, str):
        out.append(Violation(1, "the plan has no commitment (a hex string)"))
    else:
        if isinstance(plan.get("manifest"), dict) and given != _sha256(plan["manifest"]):
            out.append(Violation(1, "the commitment is not the SHA-256 of the canonical form of the plan's manifest"))
        if given != commitment:
            out.append(
                Violation(1, f"the commitment is {show(given)}; the scenario's draw commits to {show(commitment)}")
            )
    if plan.get("entropy") != entropy:
        out.append(
            Violation(1, f"the entropy is {show(plan.get('entropy'))}; the scenario's, normalised, is {show(entropy)}")
        )
    out.extend(_check_selections(plan.get("selections"), selections))
    return out


def _sha256(manifest: dict) -> str | None:
    try:
        return hashlib.sha256(canonical_json(manifest)).hexdigest()
    except (TypeError, ValueError):
        return None


def _check_manifest(given: Any, expected: dict) -> list[Violation]:
    if not isinstance(given, dict):
        return [Violation(1, "the plan has no manifest object")]
    out = []
    keys = sorted(given)
    if keys != sorted(MANIFEST_KEYS):
        out.append(
            Violation(1, f"the manifest's keys are {', '.join(keys)}; exactly {', '.join(MANIFEST_KEYS)} are allowed")
        )
    for key in ("algorithm", "round", "entropy_source", "scenario_sha256"):
        if key in given and given[key] != expected[key]:
            out.append(
                Violation(1, f"manifest.{key} is {show(given[key])}; the scenario defines {show(expected[key])}")
            )
    if "populations" in given:
        out.extend(_check_populations(given["populations"], expected["populations"]))
    return out


def _population_key(population: Any) -> str:
    if not isinstance(population, dict):
        return repr(population)
    return "/".join(str(population.get(k)) for k in ("department", "item", "stratum"))


def _check_populations(given: Any, expected: list[dict]) -> list[Violation]:
    if not isinstance(given, list):
        return [Violation(1, "manifest.populations is not a list")]
    out = []
    if len(given) != len(expected):
        out.append(Violation(1, f"the manifest lists {len(given)} populations; the scenario defines {len(expected)}"))
    for index, (mine, theirs) in enumerate(zip(given, expected, strict=False)):
        if mine == theirs:
            continue
        department = theirs["department"]
        label = _population_key(theirs)
        if _population_key(mine) != label:
            out.append(
                Violation(
                    1, f"manifest population #{index} is {_population_key(mine)}; expected {label}", None, department
                )
            )
        elif not isinstance(mine, dict) or mine.get("n") != theirs["n"]:
            n = mine.get("n") if isinstance(mine, dict) else None
            out.append(
                Violation(
                    1,
                    f"manifest population {label} has n = {show(n)}; the scenario gives {theirs['n']}",
                    None,
                    department,
                )
            )
        if isinstance(mine, dict) and mine.get("ids") != theirs["ids"]:
            wrong = _first_difference(mine.get("ids"), theirs["ids"])
            out.append(
                Violation(
                    1, f"manifest population {label} does not list the scenario's eligible ids", wrong, department
                )
            )
        elif isinstance(mine, dict) and sorted(mine) != sorted(theirs):
            out.append(
                Violation(
                    1, f"manifest population {label} has keys {', '.join(sorted(map(str, mine)))}", None, department
                )
            )
    return out


def _first_difference(given: Any, expected: list[str]) -> str | None:
    """The first id where the two lists part (the given one's, else the expected one's)."""
    if not isinstance(given, list):
        return None
    for mine, theirs in zip(given, expected, strict=False):
        if mine != theirs:
            return mine if isinstance(mine, str) else theirs
    longer = given if len(given) > len(expected) else expected
    tail = longer[min(len(given), len(expected))] if len(given) != len(expected) else None
    return tail if isinstance(tail, str) else None


def _check_selections(given: Any, expected: list[dict]) -> list[Violation]:
    if not isinstance(given, list):
        return [Violation(1, "the plan has no `selections` list")]
    out = []
    if len(given) != len(expected):
        out.append(
            Violation(1, f"the plan has {len(given)} selections; the draw has one per population, {len(expected)}")
        )
    for index, (mine, theirs) in enumerate(zip(given, expected, strict=False)):
        label = _population_key(theirs)
        department = theirs["department"]
        if not isinstance(mine, dict):
            out.append(Violation(1, f"selection #{index} is not an object", None, department))
            continue
        for key in SELECTION_KEYS:
            if mine.get(key) == theirs[key]:
                continue
            if key == "targets":
                wrong = _first_difference(mine.get("targets"), theirs["targets"])
                out.append(
                    Violation(1, f"selection {label} does not list the drawn targets in draw order", wrong, department)
                )
            else:
                out.append(
                    Violation(
                        1,
                        f"selection #{index} has {key} = {show(mine.get(key))}; the draw gives {show(theirs[key])}",
                        None,
                        department,
                    )
                )
    return out


def items_by_target(selections: list[dict]) -> dict[str, list[str]]:
    """Each drawn target and the items that selected it, sorted ascending."""
    items: dict[str, set[str]] = {}
    for selection in selections:
        for target in selection["targets"]:
            items.setdefault(target, set()).add(selection["item"])
    return {target: sorted(found) for target, found in items.items()}
