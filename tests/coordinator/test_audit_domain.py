"""Audit chain rules without a database: canonical form, hash, chain checker."""

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordinator.domain.audit import (
    GENESIS_HASH,
    AuditPayloadInvalid,
    ChainChecker,
    canonical_payload,
    event_hash,
    normalise_payload,
    utc_iso,
)

T0 = dt.datetime(2026, 11, 23, 8, 30, 0, 123456, tzinfo=dt.UTC)


def test_hash_is_sha256_of_the_documented_array():
    expected_text = json.dumps(
        [1, "2026-11-23T08:30:00.123456+00:00", "alice", "a.b", "x:1", '{"k":"值"}', GENESIS_HASH],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    expected = hashlib.sha256(expected_text.encode()).hexdigest()
    got = event_hash(
        seq=1, occurred_at=T0, actor="alice", action="a.b", subject="x:1",
        payload={"k": "值"}, prev_hash=GENESIS_HASH,
    )
    assert got == expected


def test_canonical_payload_sorts_keys_and_is_compact():
    assert canonical_payload({"b": 1, "a": [1, 2], "c": {"z": 0, "y": None}}) == (
        '{"a":[1,2],"b":1,"c":{"y":null,"z":0}}'
    )
    assert normalise_payload({"day": dt.date(2027, 1, 1)}) == {"day": "2027-01-01"}


@pytest.mark.parametrize("payload", [{"x": float("nan")}, {"x": object()}, ["not", "a", "dict"]])
def test_payload_without_canonical_form_is_refused(payload):
    with pytest.raises(AuditPayloadInvalid):
        canonical_payload(payload)


def test_naive_time_is_read_as_utc_and_offsets_are_converted():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert utc_iso(T0.replace(tzinfo=None)) == utc_iso(T0)
    assert utc_iso(T0.astimezone(shanghai)) == "2026-11-23T08:30:00.123456+00:00"


def _chain(n):
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        event = dict(seq=seq, occurred_at=T0, actor="u", action="a", subject=f"s:{seq}",
                     payload={"n": seq}, prev_hash=prev)
        event["hash"] = event_hash(**event)
        prev = event["hash"]
        events.append(event)
    return events


def test_checker_accepts_a_chain_with_its_head():
    events = _chain(4)
    checker = ChainChecker()
    assert all(checker.feed(**e) for e in events)
    report = checker.finish(4, events[-1]["hash"])
    assert (report.ok, report.count, report.first_broken_seq) == (True, 4, None)
    assert tuple(report) == (True, 4, None)


def test_checker_names_the_first_break():
    events = _chain(5)
    events[2]["actor"] = "mallory"
    checker = ChainChecker()
    for e in events:
        checker.feed(**e)
    report = checker.finish(5, events[-1]["hash"])
    assert (report.ok, report.first_broken_seq) == (False, 3)
    assert "content" in report.reason


def test_checker_catches_a_removed_last_event_through_the_head():
    events = _chain(3)
    checker = ChainChecker()
    for e in events[:2]:
        checker.feed(**e)
    report = checker.finish(3, events[-1]["hash"])
    assert (report.ok, report.first_broken_seq) == (False, 3)
    assert ChainChecker().finish(None, None).ok
    lone = ChainChecker()
    lone.feed(**events[0])
    assert lone.finish(None, None).first_broken_seq == 1


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(payload=st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=5))
def test_hash_ignores_key_order_but_not_content(payload):
    reordered = dict(reversed(list(payload.items())))
    common = dict(seq=7, occurred_at=T0, actor="a", action="b", subject="c", prev_hash=GENESIS_HASH)
    assert event_hash(payload=payload, **common) == event_hash(payload=reordered, **common)
    assert normalise_payload(payload) == payload
    changed = {**payload, "key-longer-than-six": 1}
    assert event_hash(payload=changed, **common) != event_hash(payload=payload, **common)
