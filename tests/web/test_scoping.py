"""A department operator sees only its own department, through pages and the API."""

import pytest
from bs4 import BeautifulSoup

from coordinator.domain.roles import Role
from coordinator.persistence.repos import user as user_repo
from tests.factories import make_department, make_user


@pytest.fixture
def two_departments(session):
    a = make_department(session, code="scjg", name="区市场监管局")
    b = make_department(session, code="xf", name="区消防救援大队")
    op_a = make_user(session, username="op_a", role=Role.DEPARTMENT_OPERATOR, department_code="scjg")
    op_b = make_user(session, username="op_b", role=Role.DEPARTMENT_OPERATOR, department_code="xf")
    return a, b, op_a, op_b


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def test_operator_sees_own_department_page(client, login_as, two_departments):
    _, _, op_a, _ = two_departments
    login_as(op_a)
    page = soup(client.get("/departments/scjg"))
    assert page.h1.get_text() == "区市场监管局"
    assert [row["data-username"] for row in page.select("#user-table tbody tr")] == ["op_a"]
    assert page.select("#user-table form") == []  # only the office manages users


def test_operator_gets_403_page_for_other_department(client, login_as, two_departments):
    login_as(two_departments[2])
    response = client.get("/departments/xf")
    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text() == "没有权限"
    assert "其他部门" in page.select_one(".error-page__message").get_text()
    assert "op_b" not in response.text


def test_operator_gets_403_json_for_other_department(client, login_as, two_departments):
    login_as(two_departments[2])
    response = client.get("/api/departments/xf")
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "Forbidden" and "may not read department xf" in body["detail"]
    assert body["detail_zh"] == "您无权查看其他部门的数据"
    own = client.get("/api/departments/scjg").json()
    assert own["code"] == "scjg" and [u["username"] for u in own["users"]] == ["op_a"]
    assert "password_hash" not in own["users"][0]


def test_operator_lists_only_own_department(client, login_as, two_departments):
    login_as(two_departments[2])
    assert [d["code"] for d in client.get("/api/departments").json()] == ["scjg"]
    page = soup(client.get("/departments"))
    assert [a["href"] for a in page.select("#department-list a")] == ["/departments/scjg"]


def test_inspector_sees_no_department_data(client, session, login_as, two_departments):
    login_as(make_user(session, role=Role.INSPECTOR, department_code="scjg"))
    assert client.get("/api/departments").json() == []
    assert client.get("/api/departments/scjg").status_code == 403


def test_office_and_auditor_read_every_department(client, session, login_as, two_departments):
    for role in (Role.OFFICE_ADMIN, Role.AUDITOR):
        client.cookies.clear()
        login_as(make_user(session, role=role))
        assert [d["code"] for d in client.get("/api/departments").json()] == ["scjg", "xf"]
        assert client.get("/departments/xf").status_code == 200


def test_unknown_department_is_404_for_the_office(client, session, login_as):
    login_as(make_user(session))
    response = client.get("/departments/none")
    assert response.status_code == 404
    assert "不存在" in soup(response).select_one(".error-page__message").get_text()
    assert client.get("/api/departments/none").json()["error"] == "UnknownDepartment"


def test_auditor_cannot_disable_users(client, session, login_as, two_departments):
    login_as(make_user(session, role=Role.AUDITOR))
    response = client.post("/users/op_b/active", data={"active": "false"})
    assert response.status_code == 403
    assert user_repo.get_user_by_username(session, username="op_b").active is True


def test_operator_cannot_disable_users_even_in_own_department(client, login_as, session, two_departments):
    login_as(two_departments[2])
    assert client.post("/users/op_a/active", data={"active": "false"}).status_code == 403


def test_office_disables_and_reenables_from_the_department_page(client, session, login_as, two_departments):
    login_as(make_user(session, username="boss"))
    page = soup(client.get("/departments/xf"))
    form = page.select_one('#user-table tr[data-username="op_b"] form')
    assert form["action"] == "/users/op_b/active"
    response = client.post("/users/op_b/active", data={"active": "false"}, follow_redirects=False)
    assert response.headers["location"] == "/departments/xf"
    assert user_repo.get_user_by_username(session, username="op_b").active is False
    row = soup(client.get("/departments/xf")).select_one('tr[data-username="op_b"]')
    assert "已停用" in row.get_text() and row.button.get_text() == "启用"
    client.post("/users/op_b/active", data={"active": "true"})
    assert user_repo.get_user_by_username(session, username="op_b").active is True


def test_anonymous_api_gets_401_json(client):
    response = client.get("/api/departments")
    assert response.status_code == 401
    assert response.json()["detail_zh"] == "请先登录"
