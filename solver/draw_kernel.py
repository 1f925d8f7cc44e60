"""The selection kernel of the draw: populations in memory → each population's selection.

r("target:" + id) is computed once per target that some population with
n > 0 holds, never once per population. Each population then takes its n
lowest values with a numpy partial sort on the leading 64 bits of r; where
equal leading words would decide (practically impossible) it falls back to
the full 256 bits, then to the label in code-point order, exactly as
spec/draw.md orders them.

The HMAC loop is the cost (about 1.1–1.5 µs per id on one core of this machine). Big rounds can
hash in forked worker processes; the result is the same bytes, only sooner.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from typing import Any

import numpy as np

CHUNK = 1 << 16  # ids hashed per batch (bounds the temporary list of small bytes objects)
PARALLEL_MIN = 200_000  # below this, forking costs more than it saves

# What a forked hasher reads: one bytes object of "id\x01" messages joined by b"\n" and the
# offsets of those separators. Inherited, never pickled; reading them copies no memory page
# (iterating the parent's str objects would, by touching their reference counts).
_FORKED: dict[str, Any] = {}


def _midstates(prk: bytes):
    """`copy` of SHA-256 states that have already absorbed the padded HMAC keys (inner with "target:")."""
    key = prk.ljust(64, b"\0")  # a 32-byte PRK is shorter than the block, so no pre-hash
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key) + b"target:")
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    return inner.copy, outer.copy


def _hmac_all(prk: bytes, messages) -> bytes:
    """HMAC-SHA256(PRK, "target:" + m) for each encoded m ("id" + 0x01), concatenated.

    The same function as hmac.digest, written as copies of the two keyed
    states: the key blocks are hashed once per round, not once per id, and no
    Python frame runs per id. (`update` returns None, hence the `or`s.)
    """
    inner, outer = _midstates(prk)
    return b"".join([((o := outer()).update((h := inner()).update(m) or h.digest()) or o).digest()
                     for m in messages])


def _target_digests(prk: bytes, ids: list[str]) -> bytes:
    """r("target:" + id) for each id, concatenated (32 bytes each), in chunks of CHUNK ids."""
    out = bytearray(32 * len(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        out[32 * start:32 * (start + len(chunk))] = _hmac_all(prk, [(i + "\x01").encode("utf-8") for i in chunk])
    return bytes(out)


def _digest_range(task: tuple[bytes, int, int]) -> bytes:
    """In a forked worker: the digests of ids[start:stop], read from the shared message blob."""
    prk, start, stop = task
    blob, ends = _FORKED["blob"], _FORKED["ends"]  # ends[k]: offset of the separator after id k
    parts = []
    for first in range(start, stop, CHUNK):
        last = min(first + CHUNK, stop) - 1
        begin = 0 if first == 0 else int(ends[first - 1]) + 1
        parts.append(_hmac_all(prk, blob[begin:int(ends[last])].split(b"\n")))
    return b"".join(parts)


def _digests(prk: bytes, ids: list[str], workers: int) -> bytes:
    """The digests; for a big round, `workers - 1` forked processes hash the first ranges
    while this process hashes the last one."""
    if workers <= 1 or len(ids) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return _target_digests(prk, ids)
    blob = ("\x01\n".join(ids) + "\x01\n").encode("utf-8")
    ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 10)
    if len(ends) != len(ids):  # an id with a line feed in it: hash in one process
        return _target_digests(prk, ids)
    step = -(-len(ids) // workers)
    tasks = [(prk, start, min(start + step, len(ids))) for start in range(0, len(ids), step)]
    _FORKED.update(blob=blob, ends=ends)
    try:
        with multiprocessing.get_context("fork").Pool(len(tasks) - 1) as pool:
            pending = pool.map_async(_digest_range, tasks[:-1])
            _, start, stop = tasks[-1]
            own = _target_digests(prk, ids[start:stop])
            return b"".join(pending.get()) + own
    finally:
        _FORKED.clear()


def target_digests(prk: bytes, ids: list[str], workers: int = 1) -> bytes:
    """r("target:" + id) for each id as 32 big-endian bytes, concatenated in the order of `ids`."""
    return _digests(prk, ids, workers)


def _lowest(r: np.ndarray, n: int) -> np.ndarray | None:
    """Positions of the n smallest leading words in ascending order; None if equal words decide it.

    Equal leading 64 bits (practically impossible) at the cut or inside the
    selection leave the order to the full 256 bits and the label.
    """
    part = np.argpartition(r, n - 1)[:n] if n < len(r) else np.arange(len(r))
    chosen = r[part]
    if n < len(r):
        edge = chosen.max()
        if np.count_nonzero(r == edge) != np.count_nonzero(chosen == edge):
            return None
    order = np.argsort(chosen, kind="stable")
    ranked = chosen[order]
    if np.any(ranked[1:] == ranked[:-1]):
        return None
    return part[order]


def _exact_lowest(members: np.ndarray, n: int, table: list[str], digests: bytes, needed: np.ndarray) -> np.ndarray:
    """The same selection by the full r, then the label (code point order): the slow, exact path."""
    where = np.searchsorted(needed, members).tolist()
    keyed = sorted(range(len(members)),
                   key=lambda j: (digests[32 * where[j]:32 * where[j] + 32], table[int(members[j])]))
    return np.asarray(keyed[:n], dtype=np.int64)


def select(prk: bytes, table: list[str], populations: list[Any], *, workers: int = 1) -> list[np.ndarray]:
    """Per population, the indices (into `table`) of its n selected targets in draw order.

    r is computed once per target that some population with n > 0 holds, never
    once per population; each population then compares the leading 64 bits of
    its members' values (a partial sort), falling back to the exact order on ties.
    """
    needed_mask = np.zeros(len(table), dtype=bool)
    for p in populations:
        if p.n > 0:
            needed_mask[p.members] = True
    needed = np.flatnonzero(needed_mask)
    ids = table if len(needed) == len(table) else [table[k] for k in needed.tolist()]
    digests = _digests(prk, ids, workers)
    lead = np.zeros(len(table), dtype=np.uint64)
    lead[needed] = np.frombuffer(digests, dtype=">u8")[::4]
    result = []
    for p in populations:
        n = min(p.n, len(p.members))
        if n == 0:
            result.append(np.empty(0, dtype=np.int64))
            continue
        picks = _lowest(lead[p.members], n)
        if picks is None:
            picks = _exact_lowest(p.members, n, table, digests, needed)
        result.append(p.members[picks])
    return result
