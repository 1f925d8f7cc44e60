"""Reading and writing registry sheets: .xlsx (openpyxl) and CSV, with Chinese headers.

`read_sheet` turns an uploaded file into rows of text keyed by field name,
or raises `ImportRejected` with every problem found (row, column, value,
reason in Chinese). It refuses what would silently corrupt data: a file over
the size limit, an empty or header-only file, something that is not really
.xlsx, several sheets, merged cells, formulas, unknown, missing or
duplicated columns, and codes Excel stored as numbers (an all-digit USCC
loses its last digits). CSV may be UTF-8 (with or without BOM) or
GB18030/GBK. `write_sheet` exports records with formula injection
neutralised: a text starting with = + - @ gets a leading apostrophe, which
`read_sheet` removes again, so an export imports back unchanged.

The .xlsx cells are parsed here from the sheet XML (openpyxl still reads the
shared strings, date styles and epoch): openpyxl's per-cell objects were more
than half the time of a 50,000-row import (issue 4 benchmark).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.functions import iterparse

from coordinator.domain.errors import DomainError
from coordinator.domain.registry_columns import COLUMNS, KEY_FIELD, Column, label_of

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SHEET_XML = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG, VALUE_TAG, FORMULA_TAG = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}f"
INLINE_TAG, TEXT_TAG, RUN_TAG = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r"


@dataclass(frozen=True)
class RowProblem:
    """One reason a file is refused: sheet row (1 = header; 0 = the whole file), column, value, reason."""

    row: int
    column: str
    value: str
    reason: str

    @property
    def message_zh(self) -> str:
        return self.reason


class ImportRejected(DomainError):
    """The file was refused; nothing was written. `problems` is the row-by-row report."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        first = problems[0].reason if problems else ""
        super().__init__(
            f"import refused: {len(problems)} problem(s); first: row {problems[0].row if problems else 0}",
            message_zh=f"导入未执行（共{len(problems)}处错误，未写入任何数据）：{first}",
        )


def file_problem(reason: str) -> ImportRejected:
    return ImportRejected([RowProblem(0, "", "", reason)])


@dataclass(frozen=True)
class SheetRow:
    """One data row: its row number in the sheet and its fields as text."""

    number: int
    values: dict[str, str]


def read_sheet(kind: str, filename: str, data: bytes) -> list[SheetRow]:
    """The data rows of an uploaded .xlsx or .csv file for `kind`, or ImportRejected."""
    if len(data) > MAX_IMPORT_BYTES:
        raise file_problem(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），上限为 {MAX_IMPORT_BYTES // 1024 // 1024} MB，请拆分后分批导入"
        )
    if not data.strip():
        raise file_problem("文件为空")
    name = filename.lower()
    if name.endswith(".csv"):
        table = _csv_rows(data)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        raise file_problem("只支持 .xlsx 或 .csv 文件")
    return _rows_of(kind, table)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    for number, row in enumerate(reader, start=1):
        yield number, row


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_problem("无法识别 CSV 文件编码，请另存为 UTF-8 或 GBK 编码")


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise file_problem("文件不是有效的 Excel (.xlsx) 文件，请用 Excel 另存为 .xlsx 后重试")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = sorted(n for n in archive.namelist() if SHEET_XML.match(n))
        if len(sheets) > 1:
            raise file_problem(f"文件含有{len(sheets)}个工作表，请只保留一个工作表（按模板）")
        if sheets and b"<mergeCell " in archive.read(sheets[0]):
            raise file_problem("工作表中有合并单元格，请取消合并后重试")
        reader = _workbook_reader(data)
    except ImportRejected:
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise file_problem("文件不是有效的 Excel (.xlsx) 文件，请用 Excel 另存为 .xlsx 后重试") from exc
    return _xlsx_cells(reader)


def _workbook_reader(data: bytes) -> ExcelReader:
    """openpyxl's reader up to (not including) the worksheets: shared strings, date styles, epoch.

    `load_workbook(read_only=True)` would also scan the whole sheet once just
    to size it when the file has no <dimension>, and its per-cell objects
    cost more than half of a large import; the cells are parsed below.
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    return reader


def _xlsx_cells(reader: ExcelReader) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the first worksheet; missing rows come back empty."""
    paths = [rel.target for _, rel in reader.parser.find_sheets() if "chartsheet" not in rel.Type]
    if not paths:
        raise file_problem("文件为空或第一行不是表头")
    wb = reader.wb
    dates = (wb._date_formats, wb._timedelta_formats, wb.epoch)
    try:
        with reader.archive.open(paths[0]) as source:
            expected = 1
            # openpyxl's iterparse: defusedxml's when installed, as openpyxl itself parses.
            for _, element in iterparse(source):
                if element.tag != ROW_TAG:
                    continue
                number = int(element.get("r") or expected)
                for missing in range(expected, number):
                    yield missing, []
                yield number, _row_values(element, number, reader.shared_strings, dates)
                element.clear()
                expected = number + 1
    except ImportRejected:
        raise
    except (ElementTree.ParseError, ValueError, KeyError, IndexError) as exc:  # damaged or hostile sheet XML
        raise file_problem("文件不是有效的 Excel (.xlsx) 文件，请用 Excel 另存为 .xlsx 后重试") from exc
    finally:
        reader.archive.close()


def _row_values(row, number: int, strings, dates) -> list[Any]:
    values: list[Any] = []
    for cell in row.findall(CELL_TAG):
        coordinate = cell.get("r")
        if coordinate:
            column = _column_index(coordinate)
            if column > len(values):
                values.extend([None] * (column - len(values)))
        if cell.find(FORMULA_TAG) is not None:
            raise file_problem(
                f"第{number}行含有公式（{coordinate or _letter(len(values)) + str(number)}），请复制后“粘贴为数值”再导入"
            )
        values.append(_cell_value(cell, strings, dates))
    return values


def _cell_value(cell, strings, dates) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(INLINE_TAG)
        if inline is None:
            return None
        # The string's own <t> and its rich-text runs' <t>, not phonetic (rPh) runs, as openpyxl reads it.
        text = inline.findtext(TEXT_TAG) or ""
        runs = inline.findall(RUN_TAG)
        return text + "".join(run.findtext(TEXT_TAG) or "" for run in runs) if runs else text
    raw = cell.findtext(VALUE_TAG) or None
    if raw is None:
        return None
    if kind == "n":
        value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        style = int(cell.get("s") or 0)
        date_formats, timedelta_formats, epoch = dates
        if style and style in date_formats:
            try:
                return from_excel(value, epoch, timedelta=style in timedelta_formats)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return value
    if kind == "s":
        return strings[int(raw)]
    if kind == "b":
        return bool(int(raw))
    if kind == "d":
        return from_ISO8601(raw)
    return raw


_COLUMN_INDEX: dict[str, int] = {}


def _column_index(coordinate: str) -> int:
    """0-based column of a cell reference like "AB12" (letters cached: a sheet has few columns)."""
    letters = coordinate.rstrip("0123456789")
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = 0
        for char in letters.upper():
            index = index * 26 + ord(char) - 64
        index -= 1
        if len(_COLUMN_INDEX) < 16384:
            _COLUMN_INDEX[letters] = index
    return index


def _header(kind: str, cells: list[Any]) -> tuple[list[Column | None], list[RowProblem]]:
    known = {column.header: column for column in COLUMNS[kind]}
    problems: list[RowProblem] = []
    mapping: list[Column | None] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        header = _text(cell).strip()
        letter = _letter(index)
        if not header:
            mapping.append(None)
            continue
        if header not in known:
            problems.append(RowProblem(1, letter, header, f"未知的列“{header}”，请使用模板中的列名"))
        elif header in seen:
            problems.append(RowProblem(1, letter, header, f"列“{header}”重复"))
        seen.add(header)
        mapping.append(known.get(header))
    missing = [c.header for c in COLUMNS[kind] if c.header not in seen]
    if missing:
        problems.append(RowProblem(1, "", "", f"缺少列：{'、'.join(missing)}（请使用下载的模板）"))
    return mapping, problems


def _rows_of(kind: str, table: Iterable[tuple[int, list[Any]]]) -> list[SheetRow]:
    iterator = iter(table)
    first = next(iterator, None)
    if first is None or not any(_text(c).strip() for c in first[1]):
        raise file_problem("文件为空或第一行不是表头")
    mapping, problems = _header(kind, first[1])
    if problems:
        raise ImportRejected(problems)
    key = KEY_FIELD[kind]
    rows: list[SheetRow] = []
    for number, cells in iterator:
        # Almost every cell is already text: skip _text's type checks for those (a large import's hot loop).
        texts = [cell if cell.__class__ is str else _text(cell) for cell in cells]
        if not any(text.strip() for text in texts):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise file_problem(f"数据行超过 {MAX_IMPORT_ROWS} 行，请拆分后分批导入")
        values: dict[str, str] = {}
        for index, text in enumerate(texts):
            column = mapping[index] if index < len(mapping) else None
            if column is None:
                if text.strip():
                    problems.append(RowProblem(number, _letter(index), text, "该列没有表头，请删除多余的数据"))
                continue
            if column.field == key and cells[index].__class__ in (int, float):
                problems.append(RowProblem(
                    number, column.header, text,
                    f"{column.header}被 Excel 存成了数字，请把该列设置为“文本”格式后重新填写",
                ))
            values[column.field] = _unescape(text)
        rows.append(SheetRow(number, values))
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise file_problem("文件中只有表头，没有数据行")
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _unescape(text: str) -> str:
    # Undo the export's formula-injection guard.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text.strip()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def neutralise(text: str) -> str:
    """A cell text that Excel will not run as a formula."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def write_sheet(kind: str, records: Iterable[dict[str, Any]], *, title: str) -> bytes:
    """An .xlsx with the template headers and one row per record (values as labels)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    columns = COLUMNS[kind]
    sheet.append([_header_cell(sheet, c) for c in columns])
    for record in records:
        sheet.append([neutralise(label_of(c, record.get(c.field))) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, column: Column):
    cell = WriteOnlyCell(sheet, value=column.header)
    cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
    cell.fill = PatternFill("solid", fgColor="B3261E" if column.required else "DDDDDD")
    if column.hint or column.required:
        cell.comment = Comment(("必填。" if column.required else "") + column.hint, "联合抽查协调系统")
    return cell


def write_problems(problems: list[RowProblem]) -> bytes:
    """The row-by-row report of a refused import as .xlsx."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="错误报告")
    sheet.append(["行号", "列", "值", "原因"])
    for p in problems:
        sheet.append([p.row or "整个文件", neutralise(p.column), neutralise(p.value), neutralise(p.reason)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
