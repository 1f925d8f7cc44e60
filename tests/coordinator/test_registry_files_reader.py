"""The streaming .xlsx cell reader reads what openpyxl reads: strings, numbers, dates, gaps, formulas."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.xml import DEFUSEDXML

from coordinator.domain.registry_columns import COLUMNS
from coordinator.workflow.registry_files import ImportRejected, _column_index, _xlsx_rows, read_sheet

HEADERS = [c.header for c in COLUMNS["inspectors"]]
ROW = ["4401140001", "张三", "科员", "食品", "2027-12-31", "是", "13800000000", "是"]


def saved(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def openpyxl_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
    return [[v for v in row] for row in sheet.iter_rows(values_only=True)]


def trimmed(rows) -> list[list]:
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


def test_cell_values_match_openpyxl_for_shared_strings_numbers_dates_and_booleans():
    wb = Workbook()
    ws = wb.active
    ws.append(["文本", "整数", "小数", "日期", "日期时间", "布尔"])
    ws.append(["花都", 42, 2.5, dt.date(2027, 12, 31), dt.datetime(2026, 1, 2, 3, 4, 5), True])
    ws["B4"] = "隔一行"
    ws["AB4"] = "远列"
    data = saved(wb)
    ours = [values for _, values in _xlsx_rows(data)]
    assert trimmed(ours) == trimmed(openpyxl_rows(data))
    assert ours[1][3] == dt.datetime(2027, 12, 31)
    assert ours[2] == []
    assert ours[3][1] == "隔一行" and ours[3][27] == "远列"


def test_inline_and_rich_text_strings_read_as_plain_text():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("检查对象")
    ws.append(["普通", CellRichText(["前", TextBlock(InlineFont(b=True), "粗体"), "后"])])
    data = saved(wb)
    assert [values for _, values in _xlsx_rows(data)] == [["普通", "前粗体后"]]


def test_rows_are_numbered_as_in_the_sheet_when_rows_are_missing():
    wb = Workbook()
    ws = wb.active
    for column, header in enumerate(HEADERS, start=1):
        ws.cell(row=1, column=column, value=header)
    for column, value in enumerate(ROW, start=1):
        ws.cell(row=5, column=column, value=value)
    rows = read_sheet("inspectors", "a.xlsx", saved(wb))
    assert [r.number for r in rows] == [5]
    assert rows[0].values["name"] == "张三"


def test_formula_is_refused_with_its_cell():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(ROW)
    ws["C3"] = "=A2&B2"
    with pytest.raises(ImportRejected) as refused:
        read_sheet("inspectors", "a.xlsx", saved(wb))
    assert refused.value.problems[0].reason.startswith("第3行含有公式（C3）")


@pytest.mark.parametrize(("reference", "index"), [("A1", 0), ("Z9", 25), ("AA10", 26), ("AB4", 27), ("XFD1048576", 16383)])
def test_column_index(reference, index):
    assert _column_index(reference) == index


def test_uploaded_sheets_are_parsed_with_defusedxml():
    # openpyxl (and our sheet reader, through openpyxl's iterparse) use defusedxml when it is
    # installed; an uploaded .xlsx is untrusted XML.
    assert DEFUSEDXML is True
