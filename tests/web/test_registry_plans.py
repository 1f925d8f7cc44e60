"""Annual plans: departments file (scoped, validated), the office combines and publishes, the public page shows history."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from coordinator.persistence.models.annual_plan import AnnualPlan
from coordinator.persistence.models.audit_event import AuditEvent
from tests.web.registry_fixtures import build_world


@pytest.fixture
def world(session):
    return build_world(session)


def file(client, year, text, department=""):
    return client.post("/plans/file", data={"year": year, "text": text, "department": department}, follow_redirects=False)


def test_department_files_and_errors_are_per_line_in_chinese(client, login_as, world, session):
    login_as(world.op_a)
    bad = file(client, 2027, f"{world.a.code}-01|5%|2|3\n{world.b.code}-01|150%|x|13")
    assert bad.status_code == 400
    errors = [li.get_text() for li in BeautifulSoup(bad.text, "html.parser").select("#plan-errors li")]
    assert "第1行：月份数（1个）应与轮次（2）一致" in errors
    assert any(e.startswith("第2行：事项编码") and "不是本部门" in e for e in errors)
    assert session.scalars(select(AnnualPlan)).all() == []
    assert file(client, 2027, f"{world.a.code}-01|5%|2|3、9").status_code == 303
    assert file(client, 2027, f"{world.a.code}-01|10|1|6").status_code == 303
    plans = session.scalars(select(AnnualPlan).where(AnnualPlan.scope == world.a.code).order_by(AnnualPlan.revision)).all()
    assert [(p.revision, p.entries[0]["ratio"], p.entries[0]["count"]) for p in plans] == [(1, "0.05", None), (2, None, 10)]


def test_operator_cannot_file_for_another_department_nor_combine(client, login_as, world, session):
    login_as(world.op_a)
    assert file(client, 2027, f"{world.b.code}-01|5%|1|3", department=world.b.code).status_code == 403
    assert client.post("/plans/combine", data={"year": 2027}).status_code == 403
    login_as(world.auditor)
    assert file(client, 2027, f"{world.a.code}-01|5%|1|3", department=world.a.code).status_code == 403
    assert session.scalars(select(AnnualPlan)).all() == []


def test_operator_sees_only_own_department_plan(client, login_as, world):
    login_as(world.op_a)
    file(client, 2027, f"{world.a.code}-01|5%|1|3")
    login_as(world.op_b)
    file(client, 2027, f"{world.b.code}-01|5%|1|4")
    page = BeautifulSoup(client.get("/plans?year=2027").text, "html.parser")
    assert [tr["data-scope"] for tr in page.select("#department-plans tbody tr")] == [world.b.code]


def test_combine_publish_revise_and_public_history(client, login_as, world, session):
    login_as(world.op_a)
    file(client, 2027, f"{world.a.code}-01|5%|1|3")
    client.post(f"/registry/items/{world.a.code}-01/edit", data={"name": "事项1", "review_state": "已法制审核", "ratio_b": "5%"})
    client.post(f"/registry/items/{world.a.code}-01/edit", data={"name": "事项1", "review_state": "已发布", "ratio_b": "5%"})
    login_as(world.op_b)
    file(client, 2027, f"{world.b.code}-01|5%|2|4、10")
    login_as(world.office)
    assert client.post("/plans/publish", data={"year": 2027}).status_code == 409
    assert client.post("/plans/combine", data={"year": 2027}, follow_redirects=False).status_code == 303
    assert client.post("/plans/publish", data={"year": 2027}, follow_redirects=False).status_code == 303
    login_as(world.op_a)
    file(client, 2027, f"{world.a.code}-01|8%|1|5")
    login_as(world.office)
    client.post("/plans/combine", data={"year": 2027})
    client.post("/plans/publish", data={"year": 2027})
    client.cookies.clear()
    public = client.get("/public/plans")
    assert public.status_code == 200
    soup = BeautifulSoup(public.text, "html.parser")
    assert soup.select_one("#plan-2027-2") and soup.select_one("#plan-2027-1")
    latest = soup.select_one("#plan-2027-2").get_text()
    assert "0.08" in latest and f"{world.b.code}-01" in latest
    assert "0.05" in soup.select_one("#plan-2027-1").get_text()
    # Only the published item is listed (the other department's item is still a draft).
    listed = [li.get_text() for li in soup.select("#plan-2027-2 ul.list li")]
    assert len(listed) == 1 and listed[0].startswith(f"{world.a.code}-01 事项1")
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.subject == "annual_plan:JOINT:2027")).all()
    assert sorted(actions) == ["annual_plan.combine", "annual_plan.combine", "annual_plan.publish", "annual_plan.publish"]


def test_plan_api_files_combines_publishes_and_public_json(client, login_as, world):
    login_as(world.op_a)
    bad = client.post("/api/plans/2028/department", json={"lines": "NOPE|5%|1|3"})
    assert bad.status_code == 422 and "不是本部门" in bad.json()["errors"][0]["message_zh"]
    made = client.post("/api/plans/2028/department", json={"lines": f"{world.a.code}-01|5%|1|3"})
    assert made.status_code == 201 and made.json()["revision"] == 1
    assert client.post("/api/plans/2028/joint/combine").status_code == 403
    login_as(world.office)
    assert client.post("/api/plans/2028/joint/combine").json()["state"] == "draft"
    assert client.post("/api/plans/2028/joint/publish").json()["state"] == "published"
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token", None)
    public = client.get("/api/public/plans").json()
    assert [(p["year"], p["scope"], p["revision"]) for p in public] == [(2028, "JOINT", 1)]
    assert public[0]["entries"][0]["ratio"] == "0.05"
