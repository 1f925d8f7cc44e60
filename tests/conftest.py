"""Shared fixtures: a migrated database per run, a rolled-back transaction per test.

- `database_url`: SQLite file in a temporary directory by default. When
  `DATABASE_URL` is PostgreSQL, a fresh uniquely named database is created on
  that server for this run (this xdist worker) and dropped at the end.
- `engine`: the schema comes from `alembic upgrade head`, never `create_all`.
- `session`: each test runs inside an outer transaction that is rolled back;
  code under test may commit (it commits a SAVEPOINT).
- `client`: a TestClient whose app uses that same session.
Tests using any of these are marked `db` automatically, so `pytest -m db`
re-runs exactly them on PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from alembic import command
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, text
from sqlmodel import Session

from coordinator.config import Settings
from coordinator.persistence.db import alembic_config, make_engine
from web.app import create_app
from tests.factories import DEFAULT_PASSWORD
from web.deps import get_session

# Password hashes at test cost: still argon2id, just cheap (production keeps the defaults;
# see Settings.argon2_*). Set before any settings are read; a caller's own values win.
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_PARALLELISM", "1")

DB_FIXTURES = frozenset({"database_url", "engine", "session", "client"})
TEST_SECRET_KEY = "test-secret-key-not-for-production-0123456789"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test that touches the database with `db` (before -m selects)."""
    for item in items:
        if DB_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def _admin_engine(url: str) -> Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """URL of an empty database that lives for this test run."""
    base = os.environ.get("DATABASE_URL", "")
    if not _is_postgres(base):
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        yield f"sqlite:///{path}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"jic_test_{worker}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine(base)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url) -> Iterator[Engine]:
    """An engine on the run's database, schema built by `alembic upgrade head`."""
    command.upgrade(alembic_config(database_url), "head")
    eng = make_engine(database_url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    db_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield db_session
    finally:
        db_session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def app_settings(database_url) -> Settings:
    """Settings of a production-like app (Secure cookies, a real secret) on the test database."""
    return Settings(
        environment="test",
        secret_key=TEST_SECRET_KEY,
        database_url=database_url,
        _env_file=None,
    )


@pytest.fixture
def client(engine, session, app_settings) -> Iterator[TestClient]:
    """A TestClient (https, so Secure cookies flow) whose requests use `session`."""
    app = create_app(app_settings, engine=engine)

    def _same_session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = _same_session
    with TestClient(app, base_url="https://testserver") as test_client:
        yield test_client


def csrf_from_page(html: str) -> str:
    """The CSRF token of a rendered page (its hidden form field)."""
    soup = BeautifulSoup(html, "html.parser")
    field = soup.find("input", attrs={"name": "csrf_token"})
    assert field is not None, "page has no CSRF field"
    return field["value"]


@pytest.fixture
def login_as(client) -> Callable[..., str]:
    """Log `client` in as a user through the real login form; returns the session's CSRF token.

    The token is also set as the client's default `X-CSRF-Token` header, as
    htmx does, so later form posts pass the CSRF check unless a test removes it.
    """

    def _login(user, password: str = DEFAULT_PASSWORD) -> str:
        client.headers.pop("X-CSRF-Token", None)
        page = client.get("/login")
        token = csrf_from_page(page.text)
        response = client.post(
            "/login",
            data={"username": user.username, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        fresh = client.get("/api/me").json()["csrf_token"]
        client.headers["X-CSRF-Token"] = fresh
        return fresh

    return _login
