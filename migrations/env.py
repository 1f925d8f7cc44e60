"""Alembic environment: which database, which metadata, how to run.

The URL comes from, in order: `config.attributes["url"]` (set by the CLI and
the tests), `alembic -x url=...`, then the application settings. SQLite runs
in batch mode (it cannot ALTER most things) with foreign keys off while a
migration copies tables, as Alembic's batch documentation advises.
"""

from alembic import context

import coordinator.persistence.models  # noqa: F401  (registers every table)
from coordinator.config import get_settings
from coordinator.persistence.db import make_engine
from coordinator.persistence.models.base import metadata

config = context.config
target_metadata = metadata


def _database_url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    return url or get_settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (`alembic upgrade head --sql`)."""
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations against the database."""
    url = _database_url()
    is_sqlite = url.startswith("sqlite")
    engine = make_engine(url, sqlite_foreign_keys=False)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=is_sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
