"""Real headless Chromium against a live server: log in and use the home page at phone width.

The server is a separate uvicorn process on a free port with its own fresh
SQLite database, so this test runs once (it is not a `db` test).
"""

from __future__ import annotations

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
from playwright.sync_api import sync_playwright

from coordinator.domain.roles import Role
from coordinator.persistence.db import alembic_config, make_engine, session_factory
from coordinator.workflow import user as user_flow

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "phone test pass 1"


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


@pytest.fixture
def live_server(tmp_path) -> Iterator[str]:
    """A migrated SQLite database with one office user, served by uvicorn on a free port."""
    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with session_factory(engine)() as session:
        user_flow.create_user(
            session, username="office", password=PASSWORD, role=Role.OFFICE_ADMIN,
            display_name="联合办公室管理员",
        )
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "dev"}
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


def test_login_and_home_page_at_phone_width(live_server, tmp_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
            page.goto(f"{live_server}/")
            assert page.url.startswith(f"{live_server}/login")
            assert page.locator("h1").inner_text() == "登录"
            page.fill("#username", "office")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server}/")
            assert page.locator("h1").inner_text() == "联合办公室工作台"
            assert page.locator(".account__name").inner_text() == "联合办公室管理员"
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            nav = page.locator("nav.site-nav a")
            assert nav.count() == 10 and all(nav.nth(i).is_visible() for i in range(nav.count()))
            assert page.evaluate("typeof htmx") == "object"  # vendored htmx loaded
            shot = tmp_path / "home-375.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 5_000
            page.click('nav.site-nav a[href="/departments"]')
            page.wait_for_url(f"{live_server}/departments")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.click('nav.site-nav a[href="/users"]')
            page.wait_for_url(f"{live_server}/users")
            assert page.locator("#create-user").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            page.screenshot(path=str(tmp_path / "users-375.png"), full_page=True)
            page.click(".account button[type=submit]")
            page.wait_for_url(f"{live_server}/login")
        finally:
            browser.close()
