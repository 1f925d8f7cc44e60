"""Browser test plumbing: Debian's Chromium through Playwright, and a live uvicorn server.

Each browser test serves its own migrated SQLite file from a separate
`coordinator serve` process on a free port, so browser tests run once (they
are not `db` tests and are not repeated on PostgreSQL).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from alembic import command
from playwright.sync_api import Browser, sync_playwright

from coordinator.persistence.db import alembic_config

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Running as root needs --no-sandbox; the rest keep Chromium off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def migrated_sqlite(directory: Path) -> str:
    """URL of a new SQLite file in `directory`, migrated to the newest schema."""
    url = f"sqlite:///{directory / 'browser.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    return url


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not become healthy in time")


@contextlib.contextmanager
def serving(database_url: str) -> Iterator[str]:
    """Serve the app on `database_url` from a `coordinator serve` process; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "dev"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "coordinator"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (never a Playwright-downloaded browser)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
