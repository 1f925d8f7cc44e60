"""Health check, OpenAPI and Swagger UI without a CDN, error pages, static assets."""

import re
from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from coordinator.config import Settings
from web.app import create_app

from tests.factories import make_user

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["dialect"] in ("sqlite", "postgresql")
    assert re.fullmatch(r"\d{4}", body["schema_revision"])


def test_openapi_lists_the_api_not_the_pages(client):
    schema = client.get("/openapi.json").json()
    assert "/api/departments/{code}" in schema["paths"]
    assert "/healthz" in schema["paths"]
    assert "/login" not in schema["paths"] and "/" not in schema["paths"]


def test_swagger_ui_is_served_from_vendored_files(client):
    page = BeautifulSoup(client.get("/docs").text, "html.parser")
    sources = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])]
    sources = [s for s in sources if s]
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert all(s.startswith("/") for s in sources), sources
    for asset in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css", "htmx/htmx.min.js"):
        response = client.get(f"/static/vendor/{asset}")
        assert response.status_code == 200 and len(response.content) > 10_000


def test_vendored_files_are_listed_in_the_readme():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for path in sorted(VENDOR.rglob("*")):
        if path.is_file() and path.name != "README.md":
            assert path.relative_to(VENDOR).as_posix() in readme
    assert "htmx.org@2.0.11" in readme


def test_vendored_htmx_is_version_2():
    head = (VENDOR / "htmx" / "htmx.min.js").read_text(encoding="utf-8")
    assert re.search(r'version:"2\.\d+\.\d+"', head)


def test_unknown_page_is_a_chinese_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1.get_text() == "页面不存在"
    assert page.find("a", class_="button")["href"] == "/"


def test_unknown_api_path_is_bilingual_json(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404
    assert response.json()["detail_zh"] == "您要找的页面不存在，请检查地址是否正确。"


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_base_layout_uses_own_css_only(client, session, login_as):
    login_as(make_user(session))
    page = BeautifulSoup(client.get("/").text, "html.parser")
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert styles == ["/static/css/app.css"]
    assert client.get("/static/css/app.css").status_code == 200


def test_healthz_reports_an_unmigrated_database(tmp_path):
    settings = Settings(
        environment="test", secret_key="k" * 40, database_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}", _env_file=None
    )
    app = create_app(settings)
    with TestClient(app, base_url="https://testserver") as test_client:
        response = test_client.get("/healthz")
    app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "not migrated"


def test_htmx_request_without_login_gets_hx_redirect(client):
    response = client.get("/departments", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login?next=/departments"
