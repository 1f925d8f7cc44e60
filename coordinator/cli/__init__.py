"""The `coordinator` command line: one Typer app; each concept registers its commands.

Each module below owns one concept's commands and exposes `register(app)`.
"""

import typer

from coordinator.cli import audit, calendar, db, demo, registry, solve, user, verify

app = typer.Typer(
    name="coordinator",
    help="Joint inspection coordinator (双随机、一公开): database, demo, draw, plan and audit commands.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

for module in (db, user, demo, calendar, audit, solve, verify, registry):
    module.register(app)
