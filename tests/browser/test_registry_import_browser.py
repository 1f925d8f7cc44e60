"""Real headless Chromium: a department operator uploads a sheet with one bad row, reads the
row report, fixes the row, previews and imports (live uvicorn server, own SQLite file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from coordinator import clock
from coordinator.domain.registry_columns import COLUMNS
from coordinator.domain.roles import Principal, Role
from coordinator.domain.uscc import check_character
from coordinator.persistence.db import make_engine, session_factory
from coordinator.persistence.models.department import Department
from coordinator.workflow import registry as flow
from coordinator.workflow import user as user_flow
from tests.browser.conftest import migrated_sqlite, serving

pytestmark = pytest.mark.browser
PASSWORD = "registry browser 1"


def uscc(n: int) -> str:
    first = f"91440114MA{n:07d}"
    return first + check_character(first)


@pytest.fixture
def live_server(tmp_path) -> Iterator[str]:
    """A migrated SQLite database with a department, its item and its operator, served by uvicorn."""
    url = migrated_sqlite(tmp_path)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        session.add(Department(code="SCJG", name="区市场监管局", created_at=clock.utcnow()))
        session.commit()
        user_flow.create_user(session, username="scjg", password=PASSWORD, role=Role.DEPARTMENT_OPERATOR,
                              department_code="SCJG", display_name="市场监管操作员")
        flow.create_record(session, principal=Principal("scjg", Role.DEPARTMENT_OPERATOR, "SCJG"), kind="items",
                           raw={"code": "SCJG-01", "name": "餐饮服务食品安全检查", "ratio_b": "5%"})
    engine.dispose()
    with serving(url) as base_url:
        yield base_url


def sheet(path: Path, codes: list[str]) -> Path:
    headers = [c.header for c in COLUMNS["targets"]]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for n, code in enumerate(codes, start=1):
        row = dict.fromkeys(headers, "")
        row.update({"统一社会信用代码": code, "名称": f"花都餐饮店{n}", "抽查事项编码": "SCJG-01", "街道": "新华街道"})
        ws.append([row[h] for h in headers])
    wb.save(path)
    return path


def test_operator_fixes_a_bad_row_and_imports(live_server, browser, tmp_path):
    bad = uscc(2)[:17] + ("0" if uscc(2)[17] != "0" else "1")
    broken = sheet(tmp_path / "对象名录.xlsx", [uscc(1), bad])
    fixed = sheet(tmp_path / "对象名录-已改.xlsx", [uscc(1), uscc(2)])
    page = browser.new_context(viewport={"width": 375, "height": 812}).new_page()
    page.goto(f"{live_server}/login")
    page.fill("#username", "scjg")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.click('nav.site-nav a[href="/registry/targets"]')
    page.wait_for_url(f"{live_server}/registry/targets")
    page.click("#import-link")
    page.set_input_files("#f-file", str(broken))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#problem-table")
    row = page.locator("#problem-table tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "3"
    assert "校验位错误" in row.locator("td").nth(3).inner_text()
    assert "未写入任何数据" in page.locator("#import-errors").inner_text()
    assert page.locator("#report-link").is_visible()
    page.set_input_files("#f-file", str(fixed))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#preview-summary")
    assert "新增 2 条，修改 0 条，不变 0 条" in page.locator("#preview-summary").inner_text()
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#import-result")
    assert "已新增 2 条" in page.locator("#import-result").inner_text()
    page.goto(f"{live_server}/registry/targets")
    assert page.locator("#registry-table tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
