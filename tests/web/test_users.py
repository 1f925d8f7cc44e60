"""The office's account page: list and create users; auditors read; others are refused."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from coordinator.domain.roles import Role
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.repos import user as user_repo
from coordinator.workflow import auth
from tests.factories import make_department, make_user


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def form_data(**overrides):
    data = {
        "username": "new_op",
        "display_name": "李四",
        "role": "department_operator",
        "department_code": "scjg",
        "password": "initial pass 1",
    }
    data.update(overrides)
    return data


def test_office_creates_an_operator(client, session, login_as):
    make_department(session, code="scjg", name="区市场监管局")
    login_as(make_user(session, username="boss"))
    page = soup(client.get("/users"))
    options = [o["value"] for o in page.select("#create-user select[name=department_code] option")]
    assert "scjg" in options
    response = client.post("/users", data=form_data(), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/users?created=new_op"
    page = soup(client.get(response.headers["location"]))
    assert "已创建账号 new_op" in page.select_one(".alert--ok").get_text()
    row = page.select_one('#all-users tr[data-username="new_op"]')
    assert "区市场监管局" in row.get_text() and "部门操作员" in row.get_text()
    created = user_repo.get_user_by_username(session, username="new_op")
    assert created.department_code == "scjg"
    assert created.password_hash.startswith("$argon2id$") and "initial pass 1" not in created.password_hash
    assert auth.verify_password(created.password_hash, "initial pass 1")
    event = session.scalars(select(AuditEvent).where(AuditEvent.subject == "user:new_op")).one()
    assert event.actor == "boss" and event.action == "user.create"


def test_refused_input_reshows_the_form_in_chinese(client, session, login_as):
    make_department(session, code="scjg", name="区市场监管局")
    login_as(make_user(session))
    response = client.post("/users", data=form_data(department_code=""))
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one(".alert--error").get_text() == "部门操作员必须指定所属部门"
    assert page.select_one("#new-username")["value"] == "new_op"
    response = client.post("/users", data=form_data(password="short"))
    assert "密码至少需要 8 个字符" in soup(response).select_one(".alert--error").get_text()
    assert user_repo.get_user_by_username(session, username="new_op") is None


def test_duplicate_username_is_409(client, session, login_as):
    make_department(session, code="scjg", name="区市场监管局")
    login_as(make_user(session))
    make_user(session, username="taken")
    response = client.post("/users", data=form_data(username="taken"))
    assert response.status_code == 409
    assert "已存在" in soup(response).select_one(".alert--error").get_text()


def test_auditor_reads_without_form(client, session, login_as):
    login_as(make_user(session, role=Role.AUDITOR, username="aud"))
    page = soup(client.get("/users"))
    assert page.select_one("#create-user") is None
    assert page.select_one('#all-users tr[data-username="aud"]')
    response = client.post("/users", data=form_data(role="auditor", department_code=""))
    assert response.status_code == 403
    assert user_repo.get_user_by_username(session, username="new_op") is None


def test_operator_and_inspector_cannot_see_accounts(client, session, login_as):
    for role in (Role.DEPARTMENT_OPERATOR, Role.INSPECTOR):
        client.cookies.clear()
        login_as(make_user(session, role=role))
        response = client.get("/users")
        assert response.status_code == 403
        assert soup(response).h1.get_text() == "没有权限"
