"""Real headless Chromium against a live server: log in and use the home page at phone width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from coordinator.domain.roles import Role
from coordinator.persistence.db import make_engine, session_factory
from coordinator.workflow import user as user_flow
from tests.browser.conftest import migrated_sqlite, serving

pytestmark = pytest.mark.browser

PASSWORD = "phone test pass 1"


@pytest.fixture
def live_server(tmp_path) -> Iterator[str]:
    """A migrated SQLite database with one office user, served by uvicorn on a free port."""
    url = migrated_sqlite(tmp_path)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        user_flow.create_user(
            session, username="office", password=PASSWORD, role=Role.OFFICE_ADMIN,
            display_name="联合办公室管理员",
        )
    engine.dispose()
    with serving(url) as base_url:
        yield base_url


def test_login_and_home_page_at_phone_width(live_server, browser, tmp_path):
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
