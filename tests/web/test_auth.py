"""Login, logout, sessions and the role home pages, through the real forms."""

import pytest
from bs4 import BeautifulSoup

from coordinator.domain.roles import Role
from coordinator.workflow import user as user_flow
from tests.conftest import csrf_from_page
from tests.factories import DEFAULT_PASSWORD, make_department, make_user


def soup(response):
    return BeautifulSoup(response.text, "html.parser")


def post_login(client, username, password, next_="/"):
    token = csrf_from_page(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": next_},
        follow_redirects=False,
    )


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


def test_login_page_is_chinese_with_csrf_field(client):
    page = soup(client.get("/login"))
    assert page.html["lang"] == "zh-CN"
    assert page.h1.get_text() == "登录"
    form = page.find("form", attrs={"action": "/login"})
    assert form.find("input", attrs={"name": "csrf_token"})["value"]
    assert form.find("input", attrs={"name": "password"})["type"] == "password"
    assert page.find("meta", attrs={"name": "viewport"})["content"].startswith("width=device-width")


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.OFFICE_ADMIN, "联合办公室工作台"),
        (Role.DEPARTMENT_OPERATOR, "部门工作台"),
        (Role.INSPECTOR, "我的检查"),
        (Role.AUDITOR, "审计查询"),
    ],
)
def test_each_role_lands_on_its_home_page(client, session, role, heading):
    user = make_user(session, role=role, display_name="王五")
    response = post_login(client, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/"
    page = soup(client.get("/"))
    assert page.h1.get_text() == heading
    assert page.select_one(".account__name").get_text() == "王五"
    assert page.select_one(".badge").get_text() == role.label_zh
    nav = [a["href"] for a in page.select("nav.site-nav a")]
    assert ("/audit" in nav) is (role in (Role.OFFICE_ADMIN, Role.AUDITOR))


def test_operator_home_names_its_department(client, session, login_as):
    dept = make_department(session, name="区消防救援大队")
    login_as(make_user(session, role=Role.DEPARTMENT_OPERATOR, department_code=dept.code))
    page = soup(client.get("/"))
    assert "区消防救援大队" in page.select_one("p.lead").get_text()


def test_wrong_password_shows_chinese_error_and_no_session(client, session):
    user = make_user(session)
    response = post_login(client, user.username, "not the password")
    assert response.status_code == 401
    assert soup(response).select_one(".alert--error").get_text() == "用户名或密码错误"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_flags(client, session):
    user = make_user(session)
    response = post_login(client, user.username, DEFAULT_PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("jic_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_login_redirects_only_to_local_next(client, session):
    user = make_user(session)
    assert post_login(client, user.username, DEFAULT_PASSWORD, "/departments").headers["location"] == "/departments"
    client.cookies.clear()
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_login(client, user.username, DEFAULT_PASSWORD, hostile)
        assert response.headers["location"] == "/"
        client.cookies.clear()


def test_logout_ends_the_session(client, session, login_as):
    token = login_as(make_user(session))
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_disabling_or_resetting_a_user_ends_its_sessions(client, session, login_as):
    user = make_user(session)
    login_as(user)
    assert client.get("/").status_code == 200
    user_flow.reset_password(session, username=user.username, new_password="brand new pass")
    assert client.get("/", follow_redirects=False).status_code == 303
    login_as(user, "brand new pass")
    user_flow.disable_user(session, username=user.username)
    assert client.get("/api/me").status_code == 401


def test_login_is_rate_limited(client, session):
    user = make_user(session)
    for _ in range(5):
        assert post_login(client, user.username, "wrong").status_code == 401
    response = post_login(client, user.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in soup(response).select_one(".alert--error").get_text()
    assert client.get("/", follow_redirects=False).status_code == 303
