"""`coordinator db ...` and `coordinator user ...` end to end on a fresh SQLite file.

These run once (not on PostgreSQL): they test the command wiring, while the
workflows underneath are `db` tests run on both databases.
"""

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.config import get_settings
from coordinator.persistence.db import reset_engine, session_factory
from coordinator.persistence.models.user import User
from coordinator.workflow import auth

runner = CliRunner()


@pytest.fixture
def cli_db(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ENVIRONMENT", "dev")
    get_settings.cache_clear()
    reset_engine()
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield url
    reset_engine()
    get_settings.cache_clear()


def _user(username):
    with session_factory()() as session:
        return session.scalars(select(User).where(User.username == username)).one()


def test_db_current_and_downgrade(cli_db):
    result = runner.invoke(app, ["db", "current"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["db", "downgrade", "base"])
    assert result.exit_code == 0 and "downgraded to base" in result.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0 and "upgraded to head" in result.output


def test_user_create_with_password_option(cli_db):
    result = runner.invoke(app, ["user", "create", "Admin", "--role", "office_admin", "--password", "long enough 1"])
    assert result.exit_code == 0, result.output
    assert "created user admin (office_admin)" in result.output
    user = _user("admin")
    assert user.password_hash.startswith("$argon2id$")
    assert auth.verify_password(user.password_hash, "long enough 1")


def test_user_create_prompts_for_password_twice(cli_db):
    result = runner.invoke(
        app, ["user", "create", "auditor1", "--role", "auditor", "--display-name", "审计员"],
        input="prompted pass\nprompted pass\n",
    )
    assert result.exit_code == 0, result.output
    assert "prompted pass" not in result.output  # hidden input is not echoed
    user = _user("auditor1")
    assert user.display_name == "审计员" and auth.verify_password(user.password_hash, "prompted pass")


def test_user_create_refusals_exit_non_zero_in_english(cli_db):
    args = ["user", "create", "op1", "--role", "department_operator", "--password", "long enough 1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "department operator needs a department" in result.output
    result = runner.invoke(app, args + ["--department", "nope"])
    assert result.exit_code == 1 and "department nope not found" in result.output
    result = runner.invoke(app, ["user", "create", "x1", "--role", "wizard", "--password", "long enough 1"])
    assert result.exit_code != 0


def test_disable_reset_and_list(cli_db):
    runner.invoke(app, ["user", "create", "bob", "--role", "inspector", "--password", "long enough 1"])
    result = runner.invoke(app, ["user", "reset-password", "bob", "--password", "long enough 2"])
    assert result.exit_code == 0 and "password reset for bob" in result.output
    assert auth.verify_password(_user("bob").password_hash, "long enough 2")
    assert runner.invoke(app, ["user", "disable", "bob"]).exit_code == 0
    assert _user("bob").active is False
    listing = runner.invoke(app, ["user", "list"]).output
    assert "bob\tinspector\t-\tdisabled" in listing
    assert runner.invoke(app, ["user", "enable", "bob"]).exit_code == 0
    assert _user("bob").active is True
    result = runner.invoke(app, ["user", "disable", "nobody"])
    assert result.exit_code == 1 and "user nobody not found" in result.output
