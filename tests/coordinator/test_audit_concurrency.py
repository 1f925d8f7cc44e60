"""Concurrent writers, each on its own connection and committing, never fork the chain.

This test needs real commits, so it uses the `engine` (not the rolled-back
`session`) and removes its events afterwards. On PostgreSQL 8 threads write at
once (advisory lock + head row lock); on SQLite, whose writes serialise on the
database lock, 3 threads do.
"""

import threading

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from coordinator.persistence.models.audit_event import AuditEvent, AuditHead
from coordinator.persistence.repos.audit import append_event, get_head, verify_chain

EVENTS_PER_WRITER = 15


def _writer(engine, name, barrier, seqs, errors):
    try:
        barrier.wait(timeout=30)
        for i in range(EVENTS_PER_WRITER):
            with Session(engine) as session:
                event = append_event(
                    session, actor=name, action="test.concurrent", subject=f"writer:{name}",
                    payload={"i": i},
                )
                seqs.append(event.seq)
                session.commit()
    except Exception as exc:  # reported by the main thread's assertion
        errors.append(repr(exc))


def _remove_events_after(engine, seq, head_hash):
    with Session(engine) as session:
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
        session.execute(delete(AuditEvent.__table__).where(AuditEvent.__table__.c.seq > seq))
        if postgres:
            session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
        session.execute(
            update(AuditHead.__table__).where(AuditHead.__table__.c.id == 1)
            .values(last_seq=seq, last_hash=head_hash)
        )
        session.commit()


def test_concurrent_writers_leave_one_gapless_chain(engine):
    writers = 8 if engine.dialect.name == "postgresql" else 3
    with Session(engine) as session:
        start_seq, start_hash = get_head(session)
    barrier = threading.Barrier(writers)
    seqs_by_writer = {f"w{n}": [] for n in range(writers)}
    errors: list[str] = []
    threads = [
        threading.Thread(target=_writer, args=(engine, name, barrier, seqs, errors))
        for name, seqs in seqs_by_writer.items()
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        total = writers * EVENTS_PER_WRITER
        all_seqs = sorted(seq for seqs in seqs_by_writer.values() for seq in seqs)
        assert all_seqs == list(range(start_seq + 1, start_seq + total + 1))
        for seqs in seqs_by_writer.values():
            assert seqs == sorted(seqs)  # each writer's events in its own order
        with Session(engine) as session:
            report = verify_chain(session)
            assert (report.ok, report.count) == (True, start_seq + total), report.reason
            stored = session.scalars(
                select(AuditEvent.seq).where(AuditEvent.action == "test.concurrent")
            ).all()
            assert len(stored) == total
    finally:
        _remove_events_after(engine, start_seq, start_hash)
    with Session(engine) as session:
        assert get_head(session) == (start_seq, start_hash)
