"""The audit log on a real database: appending, the chain, tamper detection, the PG guard."""

import datetime as dt

import pytest
from sqlalchemy import delete, literal_column, select, text, update
from sqlalchemy.exc import DBAPIError

from coordinator.domain.audit import GENESIS_HASH, event_hash
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.repos.audit import EventFilter, append_event, get_head, verify_chain
from coordinator.workflow import audit as audit_flow

EVENTS = 5
TABLE = AuditEvent.__table__
TRIGGER = "audit_event_append_only"


def _append(session, n, *, actor="office1", subject="round:7"):
    return [
        append_event(session, actor=actor, action="test.step", subject=subject, payload={"n": i, "名": "值"})
        for i in range(n)
    ]


def _allow_tampering(session):
    """Let this test's transaction edit audit rows (the PG trigger refuses it otherwise)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE audit_event DISABLE TRIGGER {TRIGGER}"))


def test_events_chain_from_genesis(session):
    events = _append(session, 3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert get_head(session) == (3, events[2].hash)
    session.expire_all()
    stored = session.get(AuditEvent, 2)
    recomputed = event_hash(
        seq=2, occurred_at=stored.occurred_at, actor=stored.actor, action=stored.action,
        subject=stored.subject, payload=stored.payload, prev_hash=stored.prev_hash,
    )
    assert recomputed == stored.hash
    assert tuple(verify_chain(session)) == (True, 3, None)


def test_payload_is_stored_as_it_was_hashed(session):
    event = append_event(session, actor="a", action="x", subject="s", payload={"day": dt.date(2027, 1, 1)})
    session.expire_all()
    assert session.get(AuditEvent, event.seq).payload == {"day": "2027-01-01"}
    assert verify_chain(session).ok


def test_append_flushes_but_leaves_the_commit_to_the_caller(session):
    nested = session.begin_nested()
    _append(session, 2)
    nested.rollback()
    assert session.scalars(select(AuditEvent)).all() == []
    assert get_head(session) == (0, GENESIS_HASH)
    assert _append(session, 1)[0].seq == 1


def _tampered_value(field, row):
    return {
        "seq": {"seq": 1000 + row.seq},
        "occurred_at": {"occurred_at": row.occurred_at + dt.timedelta(seconds=1)},
        "actor": {"actor": "mallory"},
        "action": {"action": "test.other"},
        "subject": {"subject": "round:8"},
        "payload": {"payload": {"n": 99, "名": "值"}},
        "prev_hash": {"prev_hash": "f" * 64},
        "hash": {"hash": "e" * 64},
    }[field]


@pytest.mark.parametrize("seq", range(1, EVENTS + 1))
@pytest.mark.parametrize(
    "field", ["seq", "occurred_at", "actor", "action", "subject", "payload", "prev_hash", "hash"]
)
def test_editing_any_field_of_any_row_is_detected(session, field, seq):
    _append(session, EVENTS)
    assert verify_chain(session).ok
    _allow_tampering(session)
    row = session.execute(select(TABLE).where(TABLE.c.seq == seq)).one()
    session.execute(update(TABLE).where(TABLE.c.seq == seq).values(**_tampered_value(field, row)))
    session.expire_all()
    report = verify_chain(session)
    assert (report.ok, report.first_broken_seq) == (False, seq), report.reason


@pytest.mark.parametrize("seq", range(1, EVENTS + 1))
def test_deleting_any_row_is_detected(session, seq):
    _append(session, EVENTS)
    _allow_tampering(session)
    session.execute(delete(TABLE).where(TABLE.c.seq == seq))
    report = verify_chain(session)
    assert (report.ok, report.first_broken_seq) == (False, seq)
    assert "missing" in report.reason


def test_a_payload_edited_into_non_json_is_reported_not_crashed(session):
    _append(session, 2)
    _allow_tampering(session)
    if session.get_bind().dialect.name == "postgresql":
        new_payload = literal_column("'[1, 2]'::json")  # PostgreSQL keeps json valid: edit into a non-object
    else:
        new_payload = literal_column("'{not json'")
    session.execute(update(TABLE).where(TABLE.c.seq == 2).values(payload=new_payload))
    report = verify_chain(session)
    assert (report.ok, report.first_broken_seq) == (False, 2)


def test_direct_edits_are_refused_on_postgresql_and_caught_on_sqlite(session):
    _append(session, 2)
    if session.get_bind().dialect.name == "postgresql":
        for statement in (
            update(TABLE).where(TABLE.c.seq == 1).values(actor="mallory"),
            delete(TABLE).where(TABLE.c.seq == 2),
        ):
            nested = session.begin_nested()
            with pytest.raises(DBAPIError, match="append-only"):
                session.execute(statement)
            nested.rollback()
        assert verify_chain(session).ok
    else:
        # SQLite has no guard trigger: the chain is what catches the edit.
        session.execute(update(TABLE).where(TABLE.c.seq == 1).values(actor="mallory"))
        assert verify_chain(session).first_broken_seq == 1


def test_search_filters_and_pages(session):
    _append(session, 3, actor="office1", subject="round:7")
    _append(session, 2, actor="dept.sjj", subject="target:91310000")
    page = audit_flow.search_events(session, flt=EventFilter(actor="office1"), per_page=2)
    assert (page.total, page.pages, [e.seq for e in page.events]) == (3, 2, [3, 2])
    second = audit_flow.search_events(session, flt=EventFilter(actor="office1"), page=2, per_page=2)
    assert [e.seq for e in second.events] == [1] and not second.has_next
    by_subject = audit_flow.search_events(session, flt=EventFilter(subject_prefix="target:"))
    assert [e.seq for e in by_subject.events] == [5, 4]
    assert [e.seq for e in audit_flow.subject_history(session, "round:7")] == [3, 2, 1]
    everything = audit_flow.search_events(session, flt=EventFilter(action="test.step"))
    assert everything.total == 5


def test_date_filter_uses_shanghai_days(session):
    _append(session, 1)
    event = session.get(AuditEvent, 1)
    moment = event.occurred_at if event.occurred_at.tzinfo else event.occurred_at.replace(tzinfo=dt.UTC)
    local_day = moment.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    since, until = audit_flow.day_bounds_utc(local_day, local_day)
    assert audit_flow.search_events(session, flt=EventFilter(since=since, until=until)).total == 1
    since, until = audit_flow.day_bounds_utc(local_day + dt.timedelta(days=1), None)
    assert audit_flow.search_events(session, flt=EventFilter(since=since, until=until)).total == 0
