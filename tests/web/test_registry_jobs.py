"""Large imports as background jobs: the runner records progress and outcome; the page shows it."""

from __future__ import annotations

import io
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from openpyxl import Workbook
from sqlalchemy import func, select

from coordinator.domain.registry_columns import COLUMNS
from coordinator.domain.roles import Principal, Role
from coordinator.persistence.models.target import Target
from coordinator.workflow import registry_import as importer
from coordinator.workflow import registry_jobs as jobs
from tests.web.registry_fixtures import build_world, uscc


@pytest.fixture
def world(session):
    return build_world(session)


def targets_sheet(codes, item) -> bytes:
    headers = [c.header for c in COLUMNS["targets"]]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for n, code in enumerate(codes):
        row = dict.fromkeys(headers, "")
        row.update({"统一社会信用代码": code, "名称": f"店{n}", "抽查事项编码": item})
        ws.append([row[h] for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(session, principal, data):
    token = importer.stash_upload(principal=principal, kind="targets", department_code=principal.department_code,
                                  filename="big.xlsx", data=data)
    stages = []
    original = jobs._write_status

    def recording(token_, status):
        stages.append((status["state"], status.get("stage"), status.get("percent")))
        original(token_, status)

    @contextmanager
    def same_session():
        yield session

    jobs._write_status = recording
    try:
        jobs.run_job(same_session, principal=principal, kind="targets", token=token)
    finally:
        jobs._write_status = original
    return token, stages


def test_job_runs_import_and_reports_progress(client, login_as, world, session):
    principal = Principal(world.op_a.username, Role.DEPARTMENT_OPERATOR, world.a.code)
    token, stages = run(session, principal, targets_sheet([uscc(n) for n in range(300, 340)], f"{world.a.code}-01"))
    percents = [p for state, _, p in stages if state == "running"]
    assert percents == sorted(percents) and percents[0] < 50 and stages[-1][0] == "done"
    assert session.scalar(select(func.count()).select_from(Target).where(Target.id.like("91440114MA00003%"))) == 40
    login_as(world.op_a)
    page = BeautifulSoup(client.get(f"/registry/targets/import/job/{token}").text, "html.parser")
    assert "新增 40 条" in page.select_one("#import-result").get_text()
    assert page.select_one("#job-progress").get("hx-get") is None  # finished: polling stops
    login_as(world.op_b)
    assert client.get(f"/registry/targets/import/job/{token}/progress").status_code == 404


def test_refused_job_writes_nothing_and_keeps_the_report(client, login_as, world, session):
    principal = Principal(world.op_a.username, Role.DEPARTMENT_OPERATOR, world.a.code)
    bad = uscc(400)[:17] + ("0" if uscc(400)[17] != "0" else "1")
    before = session.scalar(select(func.count()).select_from(Target))
    token, stages = run(session, principal, targets_sheet([uscc(401), bad], f"{world.a.code}-01"))
    assert stages[-1][0] == "refused"
    assert session.scalar(select(func.count()).select_from(Target)) == before
    login_as(world.op_a)
    page = BeautifulSoup(client.get(f"/registry/targets/import/job/{token}/progress").text, "html.parser")
    assert "校验位错误" in page.select_one("#problem-table").get_text()
    assert client.get(page.select_one("#report-link")["href"]).status_code == 200


def test_running_job_page_polls(client, login_as, world):
    principal = Principal(world.op_a.username, Role.DEPARTMENT_OPERATOR, world.a.code)
    token = importer.stash_upload(principal=principal, kind="targets", department_code=world.a.code, filename="x.xlsx", data=b"x")
    jobs._write_status(token, {"username": principal.username, "kind": "targets", "state": "running", "stage": "校验数据", "percent": 40})
    login_as(world.op_a)
    block = BeautifulSoup(client.get(f"/registry/targets/import/job/{token}").text, "html.parser").select_one("#job-progress")
    assert block["hx-get"] == f"/registry/targets/import/job/{token}/progress"
    assert block.select_one("progress")["value"] == "40"
