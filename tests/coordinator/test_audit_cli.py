"""`coordinator audit verify|list` end to end on a fresh migrated SQLite file of its own."""

import pytest
from alembic import command
from sqlalchemy import update
from sqlmodel import Session
from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.config import get_settings
from coordinator.persistence.db import alembic_config, get_engine, reset_engine
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.repos.audit import append_event

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    reset_engine()
    yield url
    reset_engine()
    get_settings.cache_clear()


def _write_events(n):
    with Session(get_engine()) as session:
        for i in range(n):
            append_event(session, actor=f"user{i % 2}", action="round.commit", subject=f"round:{i}",
                         payload={"i": i})
        session.commit()


def test_verify_on_an_empty_and_an_intact_log(cli_db):
    assert runner.invoke(app, ["audit", "verify"]).stdout == "OK: 0 events\n"
    _write_events(4)
    result = runner.invoke(app, ["audit", "verify"])
    assert (result.exit_code, result.stdout) == (0, "OK: 4 events\n")


def test_verify_names_the_tampered_event_and_exits_1(cli_db):
    _write_events(4)
    with Session(get_engine()) as session:
        session.execute(update(AuditEvent.__table__).where(AuditEvent.__table__.c.seq == 3)
                        .values(actor="mallory"))
        session.commit()
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stdout == "BROKEN at seq 3: hash does not match the event's content\n"


def test_list_filters_and_limits(cli_db):
    _write_events(5)
    result = runner.invoke(app, ["audit", "list", "--actor", "user0", "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["5", "3"]
    assert lines[-1] == "(2 of 3 matching events)"
    assert lines[0].endswith('user0  round.commit  round:4  {"i":4}')
    only = runner.invoke(app, ["audit", "list", "--subject", "round:1"]).stdout.splitlines()
    assert len(only) == 2 and only[0].split()[0] == "2"
