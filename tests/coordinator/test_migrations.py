"""Migrations on the run's database (SQLite or PostgreSQL): from empty to head, one step down, up again."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, make_url, text

from coordinator.persistence.db import alembic_config, make_engine
from coordinator.persistence.models.base import metadata


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


@pytest.fixture
def empty_url(database_url, tmp_path):
    """A second, empty database on the same server as the run's database."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"jic_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def test_revisions_are_linear_and_start_at_0001():
    revisions = _revisions()
    assert revisions[0] == "0001"
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert revisions[-1] == script.get_current_head()


def test_upgrade_from_empty_builds_every_model_table(empty_url):
    assert _tables(empty_url) == set()
    command.upgrade(alembic_config(empty_url), "head")
    assert _tables(empty_url) == set(metadata.tables)
    assert _current(empty_url) == _revisions()[-1]


def test_downgrade_one_step_and_back(empty_url):
    config = alembic_config(empty_url)
    revisions = _revisions()
    command.upgrade(config, "head")
    head_tables = _tables(empty_url)
    command.downgrade(config, "-1")
    expected = revisions[-2] if len(revisions) > 1 else None
    assert _current(empty_url) == expected
    if expected is None:
        assert _tables(empty_url) == set()
    else:
        assert _tables(empty_url) < head_tables
    command.upgrade(config, "head")
    assert _tables(empty_url) == head_tables


def test_downgrade_to_base_removes_everything(empty_url):
    config = alembic_config(empty_url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert _tables(empty_url) == set()


def test_schema_matches_models(engine):
    """Autogenerate finds nothing to add: the migrations and the models agree."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_sqlite_pragmas_are_on(engine):
    if engine.dialect.name != "sqlite":
        assert engine.dialect.name == "postgresql"
        return
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_database_url_matches_environment(database_url):
    wanted = os.environ.get("DATABASE_URL", "")
    assert database_url.startswith("postgresql") == wanted.startswith("postgresql")
