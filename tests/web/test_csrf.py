"""Every form POST needs the session's CSRF token (hidden field or X-CSRF-Token header)."""

from bs4 import BeautifulSoup

from coordinator.persistence.repos import user as user_repo
from tests.conftest import csrf_from_page
from tests.factories import DEFAULT_PASSWORD, make_department, make_user


def test_login_without_token_is_refused_in_chinese(client, session):
    user = make_user(session)
    client.get("/login")
    response = client.post(
        "/login", data={"username": user.username, "password": DEFAULT_PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1.get_text() == "没有权限"
    assert "安全校验失败" in page.select_one(".error-page__message").get_text()
    assert client.get("/", follow_redirects=False).status_code == 303


def test_token_of_another_session_is_refused(client, session):
    user = make_user(session)
    stolen = csrf_from_page(client.get("/login").text)
    client.cookies.clear()
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "csrf_token": stolen},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_form_post_without_token_changes_nothing(client, session, login_as):
    dept = make_department(session)
    target = make_user(session, role="department_operator", department_code=dept.code)
    login_as(make_user(session))
    del client.headers["X-CSRF-Token"]
    response = client.post(f"/users/{target.username}/active", data={"active": "false"})
    assert response.status_code == 403
    assert user_repo.get_user_by_username(session, username=target.username).active is True


def test_form_post_with_token_field_works(client, session, login_as):
    dept = make_department(session)
    target = make_user(session, role="department_operator", department_code=dept.code)
    login_as(make_user(session))
    page = client.get(f"/departments/{dept.code}")
    token = csrf_from_page(page.text)
    del client.headers["X-CSRF-Token"]
    response = client.post(
        f"/users/{target.username}/active",
        data={"active": "false", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert user_repo.get_user_by_username(session, username=target.username).active is False


def test_json_post_without_header_gets_bilingual_json(client, session, login_as):
    login_as(make_user(session))
    del client.headers["X-CSRF-Token"]
    response = client.post("/logout", headers={"accept": "application/json"})
    assert response.status_code == 403
    body = response.json()
    assert body["detail"] == "CSRF token missing or invalid"
    assert "安全校验失败" in body["detail_zh"]


def test_htmx_header_is_rendered_on_every_page(client, session, login_as):
    token = login_as(make_user(session))
    page = BeautifulSoup(client.get("/").text, "html.parser")
    assert token in page.body["hx-headers"]
    assert page.find("meta", attrs={"name": "csrf-token"})["content"] == token
    assert page.find("script", src="/static/vendor/htmx/htmx.min.js")
