"""`coordinator import ...` end to end on its own migrated SQLite file (the command commits)."""

from __future__ import annotations

import io

import pytest
from alembic import command
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from coordinator import clock
from coordinator.cli import app
from coordinator.config import get_settings
from coordinator.domain.registry_columns import COLUMNS
from coordinator.domain.roles import Principal, Role
from coordinator.domain.uscc import check_character
from coordinator.persistence.db import alembic_config, reset_engine, session_factory
from coordinator.persistence.models.department import Department
from coordinator.persistence.models.target import Target
from coordinator.workflow import registry_import as importer
from coordinator.workflow import registry_jobs as jobs

runner = CliRunner()


def uscc(n: int) -> str:
    first = f"91440114MA{n:07d}"
    return first + check_character(first)


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    reset_engine()
    with session_factory()() as session:
        session.add(Department(code="SCJG", name="市场监管局", created_at=clock.utcnow()))
        session.commit()
    yield url
    reset_engine()
    get_settings.cache_clear()


def sheet(path, kind, rows):
    wb = Workbook()
    ws = wb.active
    headers = [c.header for c in COLUMNS[kind]]
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    wb.save(path)
    return path


def count_targets():
    with session_factory()() as session:
        return session.scalar(select(func.count()).select_from(Target))


def test_import_items_then_targets(cli_db, tmp_path):
    items = sheet(tmp_path / "items.xlsx", "items", [{"事项编码": "SCJG-01", "事项名称": "餐饮服务食品安全检查", "B类抽查比例": "5%"}])
    result = runner.invoke(app, ["import", "items", str(items), "--department", "SCJG"])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout
    targets = sheet(tmp_path / "t.xlsx", "targets", [
        {"统一社会信用代码": uscc(n), "名称": f"店{n}", "抽查事项编码": "SCJG-01"} for n in range(1, 4)
    ])
    assert "dry run: 3 to add" in runner.invoke(app, ["import", "targets", str(targets), "--department", "SCJG", "--dry-run"]).stdout
    assert count_targets() == 0
    result = runner.invoke(app, ["import", "targets", str(targets), "--department", "SCJG"])
    assert result.exit_code == 0, result.output
    assert count_targets() == 3
    again = runner.invoke(app, ["import", "targets", str(targets), "--department", "SCJG"])
    assert "0 added, 0 changed, 3 unchanged" in again.stdout


def test_refused_file_exits_1_writes_nothing_and_a_report(cli_db, tmp_path):
    bad = uscc(5)[:17] + ("0" if uscc(5)[17] != "0" else "1")
    targets = sheet(tmp_path / "t.xlsx", "targets", [
        {"统一社会信用代码": uscc(4), "名称": "好", "抽查事项编码": "X"},
        {"统一社会信用代码": bad, "名称": "坏"},
    ])
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", "targets", str(targets), "--department", "SCJG", "--report", str(report)])
    assert result.exit_code == 1
    assert "import refused, nothing written" in result.stderr
    assert "row 3, column 统一社会信用代码" in result.stderr
    assert count_targets() == 0
    ws = load_workbook(io.BytesIO(report.read_bytes())).active
    assert ws.max_row >= 3


def test_unknown_department_is_refused(cli_db, tmp_path):
    targets = sheet(tmp_path / "t.xlsx", "targets", [{"统一社会信用代码": uscc(6), "名称": "好"}])
    result = runner.invoke(app, ["import", "targets", str(targets), "--department", "NOPE"])
    assert result.exit_code == 1
    assert "部门“NOPE”不存在" in result.stderr


def test_background_job_thread_imports_with_its_own_session(cli_db, tmp_path):
    items = sheet(tmp_path / "items.xlsx", "items", [{"事项编码": "SCJG-01", "事项名称": "检查", "B类抽查比例": "5%"}])
    assert runner.invoke(app, ["import", "items", str(items), "--department", "SCJG"]).exit_code == 0
    data = sheet(tmp_path / "t.xlsx", "targets", [
        {"统一社会信用代码": uscc(n), "名称": f"店{n}", "抽查事项编码": "SCJG-01"} for n in range(10, 30)
    ]).read_bytes()
    principal = Principal("office", Role.OFFICE_ADMIN)
    token = importer.stash_upload(principal=principal, kind="targets", department_code="SCJG", filename="t.xlsx", data=data)
    thread = jobs.start_job(session_factory(), principal=principal, kind="targets", token=token)
    thread.join(timeout=60)
    status = jobs.job_status(principal=principal, token=token)
    assert (status["state"], status["added"]) == ("done", 20)
    assert count_targets() == 20
