"""Reading and writing registry sheets: every refusal names row, column and reason in Chinese."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from coordinator.domain.registry_columns import COLUMNS
from coordinator.workflow.registry_files import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    neutralise,
    read_sheet,
    write_problems,
    write_sheet,
)

HEADERS = [c.header for c in COLUMNS["inspectors"]]
ROW = ["4401140001", "张三", "科员", "食品", "2027-12-31", "是", "13800000000", "是"]


def xlsx(rows, *, sheets=1, merge=None, formula=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    if formula:
        ws[formula] = "=1+1"
    for n in range(1, sheets):
        wb.create_sheet(f"第{n + 1}页")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def reasons(data: bytes, name: str = "f.xlsx", kind: str = "inspectors") -> list[str]:
    with pytest.raises(ImportRejected) as info:
        read_sheet(kind, name, data)
    assert "未写入任何数据" in info.value.message_zh
    return [p.reason for p in info.value.problems]


def test_good_xlsx_reads_as_text_rows():
    rows = read_sheet("inspectors", "a.xlsx", xlsx([HEADERS, ROW, [None] * 8, ROW[:1] + ["李四"] + ROW[2:]]))
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values["certificate_no"] == "4401140001"
    assert rows[1].values["name"] == "李四"


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "a.xlsx", "文件为空"),
        (xlsx([HEADERS]), "a.xlsx", "只有表头"),
        (b"PK\x03\x04 not really a zip" * 10, "a.xlsx", "不是有效的 Excel"),
        ("这不是表格".encode(), "a.xlsx", "不是有效的 Excel"),
        (xlsx([HEADERS, ROW], sheets=2), "a.xlsx", "2个工作表"),
        (xlsx([HEADERS, ROW, ROW], merge="A2:A3"), "a.xlsx", "合并单元格"),
        (xlsx([HEADERS, ROW], formula="B2"), "a.xlsx", "公式"),
        (xlsx([HEADERS[:-1] + ["备注"], ROW]), "a.xlsx", "未知的列“备注”"),
        (xlsx([HEADERS[:-1], ROW[:-1]]), "a.xlsx", "缺少列：在岗"),
        (xlsx([HEADERS, ROW + ["多余"]]), "a.xlsx", "没有表头"),
        (xlsx([HEADERS, [4401140001] + ROW[1:]]), "a.xlsx", "设置为“文本”格式"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "a.xlsx", "文件过大"),
        (b"a,b\n", "a.txt", "只支持"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, fragment):
    assert any(fragment in r for r in reasons(data, name)), reasons(data, name)


def test_numeric_uscc_in_targets_sheet_names_the_text_format():
    headers = [c.header for c in COLUMNS["targets"]]
    row = [914401146184221234] + ["某店"] + [None] * (len(headers) - 2)
    problems = reasons(xlsx([headers, row]), kind="targets")
    assert problems == ["统一社会信用代码被 Excel 存成了数字，请把该列设置为“文本”格式后重新填写"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    text = ",".join(HEADERS) + "\r\n" + ",".join(ROW) + "\r\n"
    rows = read_sheet("inspectors", "a.csv", text.encode(encoding))
    assert rows[0].values["name"] == "张三"
    assert rows[0].values["certificate_no"] == "4401140001"


def test_export_neutralises_formulas_and_reads_back_unchanged():
    record = {"certificate_no": "4401140001", "name": "=HYPERLINK(\"x\")", "tags": ["+食品", "@消防"],
              "certificate_expires": "2027-12-31", "can_lead": True, "phone": "-1", "active": False}
    data = write_sheet("inspectors", [record], title="检查人员")
    ws = load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert ws["B2"].value == "'=HYPERLINK(\"x\")"
    (row,) = read_sheet("inspectors", "a.xlsx", data)
    assert row.values["name"] == "=HYPERLINK(\"x\")"
    assert row.values["can_lead"] == "是" and row.values["active"] == "否"
    assert row.values["phone"] == "-1"


def test_problem_report_is_a_workbook():
    data = write_problems([])
    assert load_workbook(io.BytesIO(data)).active["D1"].value == "原因"
    assert neutralise("=1") == "'=1" and neutralise("a") == "a"
