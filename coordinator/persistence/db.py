"""Engine and sessions: one engine per database URL, one session per unit of work.

SQLite (the default, a file under `data/`) gets the pragmas the application
relies on: foreign keys enforced, WAL journal so readers do not block the
writer, and a busy timeout so concurrent writers wait instead of failing. The
pysqlite driver's own transaction handling is switched off and `BEGIN` is
emitted by SQLAlchemy, so SAVEPOINTs work (the tests roll back through them).
PostgreSQL needs nothing special.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from coordinator.config import REPO_ROOT, get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def _ensure_sqlite_directory(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _install_sqlite_pragmas(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy own BEGIN/COMMIT so SAVEPOINT and rollback behave as documented.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str, *, sqlite_foreign_keys: bool = True, echo: bool = False) -> Engine:
    """A new engine for `url` (SQLite pragmas installed when it is SQLite)."""
    if url.startswith("sqlite"):
        _ensure_sqlite_directory(url)
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        _install_sqlite_pragmas(engine, foreign_keys=sqlite_foreign_keys)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process-wide engine for the configured `DATABASE_URL`."""
    return make_engine(get_settings().database_url)


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    """A factory of sessions on `engine` (default: the configured one)."""
    return sessionmaker(bind=engine or get_engine(), class_=Session, expire_on_commit=False)


def reset_engine() -> None:
    """Dispose of the cached engine (after changing settings, e.g. in tests)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()


def alembic_config(url: str | None = None) -> AlembicConfig:
    """The Alembic configuration of this repository, aimed at `url` (default: settings)."""
    config = AlembicConfig(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(ALEMBIC_INI.parent / "migrations"))
    if url is not None:
        config.attributes["url"] = url
    return config
