"""Import through the pages: the bad-input corpus (Chinese reason, nothing written), preview → confirm, round trip."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from coordinator.domain.registry_columns import COLUMNS
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.inspector import Inspector
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target, TargetItem
from tests.web.registry_fixtures import build_world, uscc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T_HEADERS = [c.header for c in COLUMNS["targets"]]
I_HEADERS = [c.header for c in COLUMNS["inspectors"]]


@pytest.fixture
def world(session):
    return build_world(session)


def target_row(code: str, name: str, item: str) -> list:
    row = dict.fromkeys(T_HEADERS, "")
    row.update({"统一社会信用代码": code, "名称": name, "抽查事项编码": item, "登记状态": "存续", "信用风险分类": "B类"})
    return [row[h] for h in T_HEADERS]


def inspector_row(cert: str, name: str, expires: str) -> list:
    row = dict.fromkeys(I_HEADERS, "")
    row.update({"执法证号": cert, "姓名": name, "执法证有效期至": expires, "可任组长": "否", "在岗": "是"})
    return [row[h] for h in I_HEADERS]


def xlsx(rows, *, sheets=1, merge=None, formula=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    if formula:
        ws[formula] = "=UPPER(\"x\")"
    for n in range(1, sheets):
        wb.create_sheet(f"S{n}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Target, TargetItem, Inspector, Item, AuditEvent)
    )


def upload(client, kind, data, name="f.xlsx", department=""):
    files = {"file": (name, data, XLSX if name.endswith("xlsx") else "text/csv")}
    return client.post(f"/registry/{kind}/import", files=files, data={"department": department})


def problems_of(response) -> list[list[str]]:
    soup = BeautifulSoup(response.text, "html.parser")
    return [[td.get_text() for td in tr.select("td")] for tr in soup.select("#problem-table tbody tr")]


def corpus(world):
    item = f"{world.a.code}-01"
    good = uscc(50)
    bad_digit = good[:17] + ("0" if good[17] != "0" else "1")
    return {
        "wrong check digit": ("targets", xlsx([T_HEADERS, target_row(bad_digit, "某店", item)]), "f.xlsx", "校验位错误"),
        "lowercase": ("targets", xlsx([T_HEADERS, target_row("91440114ma59abcde1", "某店", item)]), "f.xlsx", "字母应为大写"),
        "17 characters": ("targets", xlsx([T_HEADERS, target_row(good[:17], "某店", item)]), "f.xlsx", "应为18位，实际为17位"),
        "duplicate codes": ("targets", xlsx([T_HEADERS, target_row(good, "甲", item), target_row(good, "乙", item)]), "f.xlsx", "与第2行重复"),
        "unknown item code": ("targets", xlsx([T_HEADERS, target_row(good, "甲", "NOPE-9")]), "f.xlsx", "抽查事项编码“NOPE-9”不存在或不属于本部门"),
        "bad dates": ("inspectors", xlsx([I_HEADERS, inspector_row("44015555", "某人", "2027-02-30")]), "f.xlsx", "不是有效日期"),
        "empty file": ("targets", b"", "f.xlsx", "文件为空"),
        "header only": ("targets", xlsx([T_HEADERS]), "f.xlsx", "只有表头"),
        "wrong columns": ("targets", xlsx([["代码", "名字"], ["1", "2"]]), "f.xlsx", "未知的列“代码”"),
        "extra column": ("targets", xlsx([T_HEADERS + ["备注"], target_row(good, "甲", item) + ["x"]]), "f.xlsx", "未知的列“备注”"),
        "merged cells": ("targets", xlsx([T_HEADERS, target_row(good, "甲", item), target_row(uscc(51), "乙", item)], merge="B2:B3"), "f.xlsx", "合并单元格"),
        "formulas": ("targets", xlsx([T_HEADERS, target_row(good, "甲", item)], formula="B2"), "f.xlsx", "公式"),
        "multiple sheets": ("targets", xlsx([T_HEADERS, target_row(good, "甲", item)], sheets=2), "f.xlsx", "2个工作表"),
        "numeric code": ("targets", xlsx([T_HEADERS, [914401146184221234] + target_row(good, "甲", item)[1:]]), "f.xlsx", "设置为“文本”格式"),
        "20 MB file": ("targets", b"PK" + b"\0" * (20 * 1024 * 1024), "f.xlsx", "文件过大"),
        "not excel": ("targets", "姓名,电话\n张三,1\n".encode(), "f.xlsx", "不是有效的 Excel"),
        "gbk csv with bad row": ("targets", (",".join(T_HEADERS) + "\n" + ",".join(target_row(bad_digit, "某某餐饮店", item)) + "\n").encode("gbk"), "f.csv", "校验位错误"),
    }


CASES = [
    "wrong check digit", "lowercase", "17 characters", "duplicate codes", "unknown item code", "bad dates",
    "empty file", "header only", "wrong columns", "extra column", "merged cells", "formulas",
    "multiple sheets", "numeric code", "20 MB file", "not excel", "gbk csv with bad row",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_in_chinese_and_nothing_written(client, login_as, world, session, case):
    login_as(world.op_a)
    kind, data, name, fragment = corpus(world)[case]
    before = counts(session)
    response = upload(client, kind, data, name)
    assert response.status_code == 400
    text = " ".join(" ".join(p) for p in problems_of(response))
    assert fragment in text, text
    assert "未写入任何数据" in response.text
    assert counts(session) == before


def test_unknown_department_is_refused(client, login_as, world, session):
    login_as(world.office)
    before = counts(session)
    response = upload(client, "targets", xlsx([T_HEADERS, target_row(uscc(60), "甲", "X")]), department="NOPE")
    assert response.status_code == 400
    assert "部门“NOPE”不存在" in " ".join(" ".join(p) for p in problems_of(response))
    assert counts(session) == before


def test_report_of_a_refused_file_downloads_as_xlsx(client, login_as, world):
    login_as(world.op_a)
    good = uscc(70)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = upload(client, "targets", xlsx([T_HEADERS, target_row(good, "甲", f"{world.a.code}-01"), target_row(bad, "乙", f"{world.a.code}-01")]))
    link = BeautifulSoup(response.text, "html.parser").select_one("#report-link")["href"]
    report = client.get(link)
    assert report.status_code == 200 and report.headers["content-type"] == XLSX
    ws = load_workbook(io.BytesIO(report.content)).active
    assert [c.value for c in ws[2]] == [3, "统一社会信用代码", bad, ws["D2"].value]
    assert "校验位错误" in ws["D2"].value


def test_preview_then_confirm_imports_all_rows(client, login_as, world, session):
    login_as(world.op_a)
    item = f"{world.a.code}-01"
    rows = [T_HEADERS, target_row(uscc(80), "新甲", item), target_row(uscc(1), "对象1改名", item)]
    response = upload(client, "targets", xlsx(rows))
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert "新增 1 条，修改 1 条，不变 0 条" in soup.select_one("#preview-summary").get_text()
    assert session.get(Target, uscc(80)) is None  # the preview writes nothing
    changed = [[td.get_text() for td in tr.select("td")] for tr in soup.select("#changed-table tbody tr")]
    assert ["3", uscc(1), "名称", "对象1", "对象1改名"] in changed
    token = soup.select_one("#confirm-form input[name=token]")["value"]
    done = client.post("/registry/targets/import/confirm", data={"token": token})
    assert done.status_code == 200 and "已新增 1 条，修改 1 条" in done.text
    assert session.get(Target, uscc(80)).risk_grade == "B"
    assert session.get(Target, uscc(1)).name == "对象1改名"
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.subject.in_([f"target:{uscc(80)}", f"target:{uscc(1)}"]))).all()
    assert sorted(actions) == ["target.create", "target.create", "target.update"]


def test_confirm_token_of_another_user_is_refused(client, login_as, world, session):
    login_as(world.op_a)
    response = upload(client, "targets", xlsx([T_HEADERS, target_row(uscc(81), "甲", f"{world.a.code}-01")]))
    token = BeautifulSoup(response.text, "html.parser").select_one("#confirm-form input[name=token]")["value"]
    login_as(world.op_b)
    assert client.post("/registry/targets/import/confirm", data={"token": token}).status_code == 404
    assert session.get(Target, uscc(81)) is None


@pytest.mark.parametrize("kind", ["targets", "inspectors", "items"])
def test_export_then_import_changes_nothing(client, login_as, world, session, kind):
    login_as(world.op_a)
    exported = client.get(f"/registry/{kind}/export.xlsx")
    assert exported.status_code == 200
    before = counts(session)
    response = upload(client, kind, exported.content, "export.xlsx")
    assert response.status_code == 200, problems_of(response)
    summary = BeautifulSoup(response.text, "html.parser").select_one("#preview-summary").get_text()
    assert "新增 0 条，修改 0 条，不变 1 条" in summary
    assert counts(session) == before


def test_utf8_bom_and_gbk_csv_import(client, login_as, world, session):
    login_as(world.op_a)
    item = f"{world.a.code}-01"
    for n, encoding in ((90, "utf-8-sig"), (91, "gbk")):
        text = ",".join(T_HEADERS) + "\r\n" + ",".join(target_row(uscc(n), "某某餐饮店", item)) + "\r\n"
        response = client.post(
            "/api/registry/targets/import?confirm=true",
            files={"file": ("t.csv", text.encode(encoding), "text/csv")},
        )
        assert response.status_code == 200, response.text
        assert response.json()["added"] == 1
        assert session.get(Target, uscc(n)).name == "某某餐饮店"


def test_api_import_refusal_lists_problems(client, login_as, world, session):
    login_as(world.op_a)
    before = counts(session)
    data = xlsx([I_HEADERS, inspector_row("44016666", "", "2027-01-01"), inspector_row("440100002", "x", "明年")])
    response = client.post("/api/registry/inspectors/import?confirm=true", files={"file": ("i.xlsx", data, XLSX)})
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert {(p["row"], p["column"]) for p in problems} == {(2, "姓名"), (3, "执法证有效期至")}
    assert counts(session) == before


def test_inspector_of_another_department_cannot_be_imported_over(client, login_as, world, session):
    login_as(world.op_a)
    data = xlsx([I_HEADERS, inspector_row("4401000002", "冒名", "2027-01-01")])
    response = upload(client, "inspectors", data)
    assert response.status_code == 400
    assert "已登记在其他部门" in " ".join(" ".join(p) for p in problems_of(response))
    assert session.get(Inspector, "4401000002").name == "人员2"


def test_template_has_chinese_headers(client, login_as, world):
    login_as(world.op_a)
    response = client.get("/registry/items/template.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS["items"]]
