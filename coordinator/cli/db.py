"""`coordinator db upgrade|downgrade|current` (Alembic) and `coordinator serve` (uvicorn).

The database is the one in the settings (`DATABASE_URL`, `.env`, default the
SQLite file under `data/`) unless `--url` is given.
"""

from __future__ import annotations

import typer
import uvicorn
from alembic import command

from coordinator.persistence.db import alembic_config

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)

URL_OPTION = typer.Option(None, "--url", help="Database URL (default: DATABASE_URL setting).")


@db_app.command("upgrade")
def upgrade(
    revision: str = typer.Argument("head", help="Target revision."),
    url: str | None = URL_OPTION,
) -> None:
    """Migrate the schema up to REVISION (default: head)."""
    command.upgrade(alembic_config(url), revision)
    typer.echo(f"database upgraded to {revision}")


@db_app.command("downgrade")
def downgrade(
    revision: str = typer.Argument("-1", help="Target revision (default: one step down)."),
    url: str | None = URL_OPTION,
) -> None:
    """Migrate the schema down to REVISION (default: one step)."""
    command.downgrade(alembic_config(url), revision)
    typer.echo(f"database downgraded to {revision}")


@db_app.command("current")
def current(url: str | None = URL_OPTION) -> None:
    """Print the database's current revision."""
    command.current(alembic_config(url), verbose=False)


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    reload: bool = typer.Option(False, help="Reload on code changes (development)."),
) -> None:
    """Serve the web application with uvicorn."""
    # Named by string: the coordinator layer never imports the web package.
    uvicorn.run("web.app:create_app", factory=True, host=host, port=port, reload=reload)


def register(app: typer.Typer) -> None:
    """Add `db` and `serve` to the main app."""
    app.add_typer(db_app, name="db")
    app.command("serve")(serve)
