"""`coordinator user create|disable|enable|reset-password|list`: user administration.

Passwords come from `--password` or an interactive prompt (typed twice, not
echoed). Changes are audited with actor `cli`.
"""

from __future__ import annotations

import typer

from coordinator.domain.errors import DomainError
from coordinator.domain.roles import Role
from coordinator.persistence.db import session_factory
from coordinator.persistence.repos import user as user_repo
from coordinator.workflow import user as user_flow

CLI_ACTOR = "cli"

user_app = typer.Typer(help="User accounts.", no_args_is_help=True)

PASSWORD_OPTION = typer.Option(
    None, "--password", help="The password (prompted, hidden, when omitted)."
)


def _password(given: str | None) -> str:
    if given is not None:
        return given
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(error: DomainError) -> None:
    typer.echo(f"error: {error.message}", err=True)
    raise typer.Exit(code=1)


@user_app.command("create")
def create(
    username: str = typer.Argument(..., help="Login name (lower case)."),
    role: Role = typer.Option(..., "--role", help="office_admin, department_operator, inspector or auditor."),
    department: str | None = typer.Option(None, "--department", help="Department code."),
    display_name: str | None = typer.Option(None, "--display-name", help="Name shown in the UI."),
    password: str | None = PASSWORD_OPTION,
) -> None:
    """Create a user."""
    secret = _password(password)
    with session_factory()() as session:
        try:
            user = user_flow.create_user(
                session,
                username=username,
                password=secret,
                role=role,
                department_code=department,
                display_name=display_name or username,
                actor=CLI_ACTOR,
            )
        except DomainError as error:
            _fail(error)
        typer.echo(f"created user {user.username} ({user.role})")


@user_app.command("disable")
def disable(username: str = typer.Argument(...)) -> None:
    """Disable a user (it can no longer log in)."""
    with session_factory()() as session:
        try:
            user_flow.disable_user(session, username=username, actor=CLI_ACTOR)
        except DomainError as error:
            _fail(error)
    typer.echo(f"disabled user {username}")


@user_app.command("enable")
def enable(username: str = typer.Argument(...)) -> None:
    """Re-enable a disabled user."""
    with session_factory()() as session:
        try:
            user_flow.set_active(session, username=username, active=True, actor=CLI_ACTOR)
        except DomainError as error:
            _fail(error)
    typer.echo(f"enabled user {username}")


@user_app.command("reset-password")
def reset_password(
    username: str = typer.Argument(...), password: str | None = PASSWORD_OPTION
) -> None:
    """Set a new password for a user."""
    secret = _password(password)
    with session_factory()() as session:
        try:
            user_flow.reset_password(session, username=username, new_password=secret, actor=CLI_ACTOR)
        except DomainError as error:
            _fail(error)
    typer.echo(f"password reset for {username}")


@user_app.command("list")
def list_users() -> None:
    """List users: username, role, department, active."""
    with session_factory()() as session:
        for user in user_repo.list_users(session):
            state = "active" if user.active else "disabled"
            typer.echo(f"{user.username}\t{user.role}\t{user.department_code or '-'}\t{state}")


def register(app: typer.Typer) -> None:
    """Add the `user` group to the main app."""
    app.add_typer(user_app, name="user")
