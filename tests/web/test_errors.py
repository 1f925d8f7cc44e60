"""An unknown calendar year raised anywhere becomes a clear refusal, never a 500."""

import datetime as dt

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from solver.calendar import official_calendar
from web.app import create_app


def _app_with_a_deadline_route(app_settings, engine):
    app = create_app(app_settings, engine=engine)

    @app.get("/api/_test/deadline")
    @app.get("/_test/deadline")
    def deadline():  # a computation that runs into 2027, like a December round's publication
        return {"due": official_calendar().add_working_days(dt.date(2026, 12, 20), 20).isoformat()}

    return app


def test_unknown_year_is_a_409_naming_the_year_in_json_and_chinese_page(app_settings, engine):
    with TestClient(_app_with_a_deadline_route(app_settings, engine), base_url="https://testserver") as client:
        api = client.get("/api/_test/deadline")
        assert api.status_code == 409
        body = api.json()
        assert body["error"] == "UnknownCalendarYear"
        assert "2027" in body["detail"] and "2027年" in body["detail_zh"]

        page = client.get("/_test/deadline", headers={"accept": "text/html"})
        assert page.status_code == 409
        text = BeautifulSoup(page.text, "html.parser").get_text()
        assert "2027年的工作日安排尚未录入" in text
