"""Registry pages: lists, record pages and forms respect department scoping; forms show Chinese field errors."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from coordinator.persistence.models.inspector import Inspector
from coordinator.persistence.models.target import Target
from tests.web.registry_fixtures import KEYS, build_world, uscc

KINDS = ("targets", "inspectors", "items")


@pytest.fixture
def world(session):
    return build_world(session)


def keys_on_list(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {row["data-key"] for row in soup.select("#registry-table tbody tr")}


@pytest.mark.parametrize("kind", KINDS)
def test_operator_list_shows_only_own_department(client, login_as, world, kind):
    login_as(world.op_a)
    page = client.get(f"/registry/{kind}")
    assert page.status_code == 200
    assert keys_on_list(page.text) == {KEYS[kind](world, 1)}
    # Asking for the other department's filter shows nothing rather than its data.
    other = client.get(f"/registry/{kind}?department={world.b.code}")
    assert keys_on_list(other.text) == set()


@pytest.mark.parametrize("kind", KINDS)
def test_operator_gets_404_for_other_departments_record_page_and_edit(client, login_as, world, kind):
    login_as(world.op_a)
    key = KEYS[kind](world, 2)
    assert client.get(f"/registry/{kind}/{key}").status_code == 404
    assert client.get(f"/registry/{kind}/{key}/edit").status_code == 404
    response = client.post(f"/registry/{kind}/{key}/edit", data={"name": "篡改"})
    assert response.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_office_and_auditor_see_all_departments(client, login_as, world, kind):
    for user in (world.office, world.auditor):
        login_as(user)
        keys = keys_on_list(client.get(f"/registry/{kind}").text)
        assert {KEYS[kind](world, 1), KEYS[kind](world, 2)} <= keys


@pytest.mark.parametrize("kind", KINDS)
def test_auditor_cannot_open_forms_or_post(client, login_as, world, kind):
    login_as(world.auditor)
    assert client.get(f"/registry/{kind}/new").status_code == 403
    key = KEYS[kind](world, 1)
    assert client.get(f"/registry/{kind}/{key}/edit").status_code == 403
    assert client.post(f"/registry/{kind}/{key}/edit", data={"name": "改"}).status_code == 403
    page = client.get(f"/registry/{kind}/{key}")
    assert page.status_code == 200 and "修改" not in BeautifulSoup(page.text, "html.parser").select_one("main").get_text()


def test_form_shows_field_errors_in_chinese_and_writes_nothing(client, login_as, world, session):
    login_as(world.op_a)
    bad = uscc(9)[:17] + ("0" if uscc(9)[17] != "0" else "1")
    response = client.post("/registry/targets/new", data={"uscc": bad, "name": "", "item_codes": "NOPE-1"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    assert "校验位错误" in soup.select_one("#error-uscc").get_text()
    assert soup.select_one("#error-name").get_text() == "名称不能为空"
    assert "NOPE-1" in soup.select_one("#error-item_codes").get_text()
    assert session.get(Target, bad) is None


def test_create_then_edit_then_history(client, login_as, world, session):
    login_as(world.op_a)
    response = client.post(
        "/registry/inspectors/new",
        data={"certificate_no": "44019999", "name": "赵六", "certificate_expires": "2028-01-31", "can_lead": "是", "active": "是"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/registry/inspectors/44019999"
    assert session.get(Inspector, "44019999").department_code == world.a.code
    form = client.get("/registry/inspectors/44019999/edit")
    assert form.status_code == 200
    response = client.post(
        "/registry/inspectors/44019999/edit",
        data={"name": "赵六", "certificate_expires": "2029-01-31", "can_lead": "是", "active": "否"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = BeautifulSoup(client.get("/registry/inspectors/44019999").text, "html.parser")
    history = page.select("#record-history tbody tr")
    assert [row.select("td")[2].get_text() for row in history] == ["inspector.update", "inspector.create"]
    assert "2029-01-31" in history[0].get_text()


def test_list_search_and_filter(client, login_as, world):
    login_as(world.office)
    assert keys_on_list(client.get(f"/registry/targets?q={uscc(2)[:12]}").text) == {uscc(1), uscc(2)}
    assert keys_on_list(client.get("/registry/targets?q=对象2").text) == {uscc(2)}
    assert keys_on_list(client.get("/registry/targets?status=revoked").text) == set()
    assert keys_on_list(client.get(f"/registry/items?department={world.b.code}").text) == {f"{world.b.code}-01"}


def test_item_list_shows_random_list_coverage(client, login_as, world):
    login_as(world.op_a)
    client.post("/registry/items/new", data={"code": "X-2", "name": "不纳入的事项", "on_random_list": "否"})
    text = BeautifulSoup(client.get("/registry/items").text, "html.parser").select_one("#coverage").get_text()
    assert "1 / 2 项（50%）" in text and "低于70%" in text
