"""Benchmark: import 50,000 targets from .xlsx, then list-page latency at 100,000 targets.

Prints, for SQLite (a fresh file) and PostgreSQL (a fresh database on
DATABASE_URL_PG, default postgresql+psycopg://postgres@127.0.0.1:5432/test,
skipped if unreachable): the seconds to read, validate and write 50,000
targets (all-or-nothing, one audit event per target), the process's peak
memory, and the milliseconds of the list page (first page, a deep page, a
name search, a status filter, a department operator's view) once the
registry holds 100,000 targets. Goals (issue 4): import under 30 s, list
page under 200 ms.

    .venv/bin/python benchmarks/import_targets.py [--rows 50000] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import io
import resource
import tempfile
import time
import uuid
from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.config import Settings
from coordinator.domain.registry_columns import COLUMNS
from coordinator.domain.roles import Principal, Role
from coordinator.domain.uscc import check_character
from coordinator.persistence.db import alembic_config, make_engine
from coordinator.persistence.models.department import Department
from coordinator.persistence.repos.registry_query import ListQuery
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_import as importer
from coordinator.workflow import user as user_flow
from web.app import create_app

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STREETS = ["新华街道", "秀全街道", "新雅街道", "花城街道", "狮岭镇", "炭步镇", "赤坭镇", "梯面镇"]
STATUSES = ["存续"] * 8 + ["注销", "吊销"]
GRADES = ["A类", "B类", "C类", "D类", "未评级"]
PASSWORD = "benchmark password 1"


def uscc(n: int) -> str:
    first = f"91440114MA{n:07d}"
    return first + check_character(first)


def make_sheet(start: int, rows: int, item_code: str) -> bytes:
    """An import file of `rows` targets numbered from `start` (deterministic, no randomness)."""
    headers = [c.header for c in COLUMNS["targets"]]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("检查对象")
    sheet.append(headers)
    for n in range(start, start + rows):
        values = {
            "统一社会信用代码": uscc(n), "名称": f"花都测试商户{n:06d}有限公司", "法定代表人": f"法人{n % 997}",
            "地址": f"广州市花都区某路{n % 500}号", "街道": STREETS[n % len(STREETS)], "行业": f"行业{n % 40:02d}",
            "信用风险分类": GRADES[n % len(GRADES)], "登记状态": STATUSES[n % len(STATUSES)],
            "联系人": f"联系人{n % 313}", "联系电话": f"020-{n:08d}", "电子邮箱": "", "抽查事项编码": item_code,
        }
        sheet.append([values[h] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(url: str) -> None:
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(Department(code="SCJG", name="市场监管局", created_at=clock.utcnow()))
        session.commit()
        office = Principal("bench", Role.OFFICE_ADMIN)
        flow.create_record(session, principal=office, kind="items", department_code="SCJG",
                           raw={"code": "SCJG-01", "name": "食品安全检查", "ratio_b": "5%"})
        user_flow.create_user(session, username="bench-op", password=PASSWORD, role=Role.DEPARTMENT_OPERATOR,
                              department_code="SCJG", display_name="基准", actor="bench")
        user_flow.create_user(session, username="bench-office", password=PASSWORD, role=Role.OFFICE_ADMIN,
                              display_name="基准", actor="bench")
    engine.dispose()


def timed_import(url: str, data: bytes) -> tuple[float, int]:
    engine = make_engine(url)
    office = Principal("bench", Role.OFFICE_ADMIN)
    started = time.perf_counter()
    with Session(engine) as session:
        result = importer.apply_import(session, principal=office, kind="targets", department_code="SCJG",
                                       filename="targets.xlsx", data=data)
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, result.added


def list_latencies(url: str) -> dict[str, float]:
    """Median of 5 GET requests per list page, through the whole app (auth, query, template)."""
    settings = Settings(environment="test", secret_key="benchmark-secret-key-0123456789abcdef", database_url=url, _env_file=None)
    app = create_app(settings)
    pages = {
        "office, page 1": ("bench-office", "/registry/targets"),
        "office, page 1000": ("bench-office", "/registry/targets?page=1000"),
        "office, name search": ("bench-office", "/registry/targets?q=商户04321"),
        "office, USCC prefix": ("bench-office", "/registry/targets?q=91440114MA00123"),
        "office, status 吊销": ("bench-office", "/registry/targets?status=revoked"),
        "operator, page 1": ("bench-op", "/registry/targets"),
        "operator, risk D": ("bench-op", "/registry/targets?risk_grade=D"),
    }
    results = {}
    clients = {}
    with TestClient(app, base_url="https://testserver") as base:
        for username in ("bench-office", "bench-op"):
            client = TestClient(app, base_url="https://testserver")
            page = client.get("/login")
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
            clients[username] = client
        del base
        for label, (username, path) in pages.items():
            times = []
            for _ in range(5):
                started = time.perf_counter()
                response = clients[username].get(path)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            results[label] = sorted(times)[2]
    app.state.engine.dispose()
    return results


def run(label: str, url: str, rows: int, total: int) -> None:
    print(f"== {label}")
    setup(url)
    first = make_sheet(1, rows, "SCJG-01")
    print(f"file: {rows} targets, {len(first) / 1024 / 1024:.1f} MB .xlsx")
    seconds, added = timed_import(url, first)
    print(f"import {added} targets: {seconds:.1f} s (goal < 30 s); peak memory so far {peak_mb():.0f} MB")
    second = make_sheet(rows + 1, total - rows, "SCJG-01") if rows < total else None
    if second:
        seconds, added = timed_import(url, second)
        print(f"import another {added} targets (registry now {total:,}): {seconds:.1f} s")
    engine = make_engine(url)
    if url.startswith("postgresql"):
        # Fresh statistics, as autovacuum's analyze gives a production table shortly after a bulk load.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    with Session(engine) as session:
        query = ListQuery(kind="targets", per_page=50)
        started = time.perf_counter()
        flow.list_records(session, principal=Principal("bench", Role.OFFICE_ADMIN), query=query)
        print(f"list query alone (office, page 1): {(time.perf_counter() - started) * 1000:.0f} ms")
    engine.dispose()
    for name, ms in list_latencies(url).items():
        print(f"list page {name}: {ms:.0f} ms (goal < 200 ms)")
    print(f"peak memory (process): {peak_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--total", type=int, default=100_000, help="registry size for the list-page timings")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--pg-url", default=PG_DEFAULT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.rows, args.total)
    if args.skip_postgres:
        return
    name = f"jic_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server may simply not be there
        print(f"== PostgreSQL skipped: {exc.__class__.__name__}")
        return
    try:
        run("PostgreSQL", make_url(args.pg_url).set(database=name).render_as_string(hide_password=False), args.rows, args.total)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
