"""The selection kernel of the draw: populations in memory → each population's selection.

r("target:" + id) is computed once per target that some population with
n > 0 holds, never once per population. All those targets are ranked in one
numpy sort on the leading 64 bits of r; equal prefixes (practically
impossible) fall back to the full 256 bits, then to the label in code-point
order, exactly as spec/draw.md orders them. Each population then takes its n
lowest ranks.

The HMAC loop is the cost (about 1.4 µs per id on one core). Big rounds can
hash in forked worker processes; the result is the same bytes, only sooner.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from typing import Any

import numpy as np

CHUNK = 1 << 16  # ids hashed per batch (bounds the temporary list of small bytes objects)
PARALLEL_MIN = 200_000  # below this, forking costs more than it saves

_FORKED_IDS: list[str] = []  # the ids a forked worker reads (inherited, never pickled)


def _target_digests(prk: bytes, ids: list[str]) -> bytes:
    """r("target:" + id) for each id, concatenated (32 bytes each).

    HMAC written as its two SHA-256 calls with the padded keys built once:
    the same function as hmac.digest, about twice as fast per id.
    """
    key = prk.ljust(64, b"\0")  # a 32-byte PRK is shorter than the block, so no pre-hash
    inner_pad = bytes(b ^ 0x36 for b in key) + b"target:"
    outer_pad = bytes(b ^ 0x5C for b in key)
    sha = hashlib.sha256
    out = bytearray(32 * len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        out[32 * start:32 * (start + len(chunk))] = b"".join(
            [sha(outer_pad + sha(inner_pad + (i + "\x01").encode("utf-8")).digest()).digest() for i in chunk])
    return bytes(out)


def _digest_slice(task: tuple[bytes, int, int]) -> bytes:
    prk, start, stop = task
    return _target_digests(prk, _FORKED_IDS[start:stop])


def _digests(prk: bytes, ids: list[str], workers: int) -> bytes:
    """The digests, in `workers` forked processes when the round is big enough."""
    global _FORKED_IDS
    if workers <= 1 or len(ids) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return _target_digests(prk, ids)
    step = -(-len(ids) // (4 * workers))  # a few slices per worker evens out uneven cores
    tasks = [(prk, start, min(start + step, len(ids))) for start in range(0, len(ids), step)]
    _FORKED_IDS = ids
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return b"".join(pool.map(_digest_slice, tasks))
    finally:
        _FORKED_IDS = []


def target_ranks(prk: bytes, ids: list[str], workers: int = 1) -> np.ndarray:
    """rank[k] = position of ids[k] when all ids are ordered by (r("target:" + id), label)."""
    digests = _digests(prk, ids, workers)
    leading = np.frombuffer(digests, dtype=">u8")[::4].astype(np.uint64)
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


def select(prk: bytes, table: list[str], populations: list[Any], *, workers: int = 1) -> list[np.ndarray]:
    """Per population, the indices (into `table`) of its n selected targets in draw order.

    r is computed once per target that some population with n > 0 holds, never
    once per population; a population then needs only its members' ranks.
    """
    needed_mask = np.zeros(len(table), dtype=bool)
    for p in populations:
        if p.n > 0:
            needed_mask[p.members] = True
    needed = np.flatnonzero(needed_mask)
    rank = np.full(len(table), -1, dtype=np.int64)
    ids = table if len(needed) == len(table) else [table[k] for k in needed.tolist()]
    rank[needed] = target_ranks(prk, ids, workers)
    result = []
    for p in populations:
        n = min(p.n, len(p.members))
        if n == 0:
            result.append(np.empty(0, dtype=np.int64))
            continue
        r = rank[p.members]
        part = np.argpartition(r, n - 1)[:n] if n < len(r) else np.arange(len(r))
        result.append(p.members[part[np.argsort(r[part], kind="stable")]])
    return result
