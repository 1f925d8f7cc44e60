"""Registry JSON API: same validation and department scoping as the pages; in the OpenAPI schema."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coordinator.persistence.models.item import Item
from tests.web.registry_fixtures import KEYS, build_world, uscc

KINDS = ("targets", "inspectors", "items")


@pytest.fixture
def world(session):
    return build_world(session)


def test_registry_operations_are_in_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    for kind in KINDS:
        assert {"get", "post"} <= set(paths[f"/api/registry/{kind}"])
        assert {"get", "put"} <= set(paths[f"/api/registry/{kind}/{{key}}"])
        assert "post" in paths[f"/api/registry/{kind}/import"]


@pytest.mark.parametrize("kind", KINDS)
def test_api_list_and_get_are_scoped(client, login_as, world, kind):
    login_as(world.op_a)
    body = client.get(f"/api/registry/{kind}").json()
    key_field = {"targets": "uscc", "inspectors": "certificate_no", "items": "code"}[kind]
    assert [r[key_field] for r in body["items"]] == [KEYS[kind](world, 1)]
    assert body["total"] == 1
    assert client.get(f"/api/registry/{kind}/{KEYS[kind](world, 2)}").status_code == 404
    response = client.put(f"/api/registry/{kind}/{KEYS[kind](world, 2)}", json={"name": "篡改"})
    assert response.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_api_write_to_other_department_is_forbidden(client, login_as, world, kind):
    login_as(world.op_a)
    bodies = {
        "targets": {"uscc": uscc(7), "name": "新对象", "item_codes": [f"{world.b.code}-01"]},
        "inspectors": {"certificate_no": "44017777", "name": "新人", "certificate_expires": "2027-01-01"},
        "items": {"code": "NEW-01", "name": "新事项"},
    }
    response = client.post(f"/api/registry/{kind}?department={world.b.code}", json=bodies[kind])
    assert response.status_code == 403
    assert response.json()["detail_zh"] == "您无权修改该部门的数据"


@pytest.mark.parametrize("kind", KINDS)
def test_auditor_api_reads_all_and_writes_nothing(client, login_as, world, kind):
    login_as(world.auditor)
    assert client.get(f"/api/registry/{kind}").json()["total"] >= 2
    assert client.get(f"/api/registry/{kind}/{KEYS[kind](world, 2)}").status_code == 200
    assert client.put(f"/api/registry/{kind}/{KEYS[kind](world, 2)}", json={"name": "改"}).status_code == 403


def test_api_create_item_with_validation_errors(client, login_as, world, session):
    login_as(world.op_a)
    response = client.post("/api/registry/items", json={"code": "A 1", "name": "", "ratio_a": "150%", "fixed_count": 3})
    assert response.status_code == 422
    errors = {e["field"]: e["message_zh"] for e in response.json()["errors"]}
    assert set(errors) == {"code", "name", "ratio_a"}
    assert "0到1之间" in errors["ratio_a"]
    response = client.post("/api/registry/items", json={"code": "A-1", "name": "好事项", "ratio_a": "3%", "check_methods": ["现场检查"], "on_random_list": True})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ratio_a"] == "0.03" and body["check_methods"] == ["onsite"] and body["department_code"] == world.a.code
    assert session.scalars(select(Item).where(Item.code == "A-1")).one().ratio_a == "0.03"


def test_api_history_lists_changes(client, login_as, world):
    login_as(world.op_a)
    key = KEYS["inspectors"](world, 1)
    client.put(f"/api/registry/inspectors/{key}", json={"name": "人员一", "certificate_expires": "2027-12-31"})
    history = client.get(f"/api/registry/inspectors/{key}/history").json()
    assert history[0]["action"] == "inspector.update"
    assert history[0]["payload"]["changes"]["name"] == ["人员1", "人员一"]


def test_api_requires_login_and_csrf(client, login_as, world):
    assert client.get("/api/registry/targets").status_code == 401
    login_as(world.op_a)
    client.headers.pop("X-CSRF-Token")
    assert client.post("/api/registry/items", json={"code": "Z-1", "name": "x"}).status_code == 403


def test_office_updates_a_target_without_naming_the_department(client, login_as, world, session):
    login_as(world.office)
    body = {"uscc": uscc(2), "name": "对象2新名", "item_codes": [f"{world.b.code}-01"], "status": "吊销"}
    response = client.put(f"/api/registry/targets/{uscc(2)}", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "revoked" and response.json()["item_codes"] == [f"{world.b.code}-01"]
