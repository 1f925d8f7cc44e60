"""List pages: the previous/next links seek on the sort key and show exactly the OFFSET pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from coordinator.domain.roles import Principal, Role
from coordinator.persistence.repos import registry_query as repo
from coordinator.workflow import registry as flow
from tests.web.registry_fixtures import build_world, uscc

COUNT = 23


@pytest.fixture
def world(session):
    w = build_world(session)
    operator = Principal(w.op_a.username, Role.DEPARTMENT_OPERATOR, w.a.code)
    for n in range(100, 100 + COUNT):
        # Names repeat (n % 4), so the key breaks ties; every fifth target is deregistered.
        flow.create_record(session, principal=operator, kind="targets", commit=False, raw={
            "uscc": uscc(n), "name": f"同名商户{n % 4}", "item_codes": f"{w.a.code}-01",
            "status": "注销" if n % 5 == 0 else "存续"})
    session.flush()
    w.operator = operator
    return w


def _keys(session, principal, **query) -> list[str]:
    page = flow.list_records(session, principal=principal, query=repo.ListQuery(kind="targets", per_page=5, **query))
    return [repo.row_key("targets", r) for r in page.rows]


@pytest.mark.parametrize("filters", [{}, {"status": "active"}])
def test_seek_pages_equal_offset_pages(session, world, filters):
    offset_pages = [_keys(session, world.operator, filters=filters, page=n) for n in range(1, 7)]
    assert sum(len(p) for p in offset_pages) == (COUNT + 1 if not filters else COUNT + 1 - 5)
    assert len(set(sum(offset_pages, []))) == sum(len(p) for p in offset_pages)
    for n in range(1, 6):
        if not offset_pages[n - 1]:
            continue
        after = offset_pages[n - 1][-1]
        assert _keys(session, world.operator, filters=filters, page=n + 1, after=after) == offset_pages[n]
        if offset_pages[n]:
            before = offset_pages[n][0]
            assert _keys(session, world.operator, filters=filters, page=n, before=before) == offset_pages[n - 1]


def test_unknown_cursor_falls_back_to_the_page_number(session, world):
    assert _keys(session, world.operator, page=2, after="GT-gone") == _keys(session, world.operator, page=2)


def test_page_links_carry_the_cursor(client, login_as, world, session):
    for n in range(200, 260):
        flow.create_record(session, principal=world.operator, kind="targets", commit=False,
                           raw={"uscc": uscc(n), "name": f"商户{n}", "item_codes": f"{world.a.code}-01"})
    session.flush()
    login_as(world.op_a)

    def rows(url):
        page = BeautifulSoup(client.get(url).text, "html.parser")
        return [tr.select_one("td").get_text(strip=True) for tr in page.select("tbody tr")], page

    first, page = rows("/registry/targets")
    next_href = page.select_one("#page-next")["href"]
    params = parse_qs(urlsplit(next_href).query)
    assert params["page"] == ["2"] and params["after"] == [first[-1]]
    second, page = rows(next_href)
    assert second == rows("/registry/targets?page=2")[0] and len(first) + len(second) == 84
    assert set(first).isdisjoint(second)
    back = page.select_one("#page-prev")["href"]
    assert rows(back)[0] == first
    api = client.get("/api/registry/targets", params={"page": 2, "after": first[-1]}).json()
    assert [t["uscc"] for t in api["items"]] == second
