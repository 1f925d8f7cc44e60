"""Pure rules of the office's working-day calendar: year arrangements and their files.

The day arithmetic lives once, in `solver.calendar.WorkdayCalendar`; this module
only turns what the office enters (a year file, a web form) into a validated
`YearArrangement`, expands arrangements into one row per day, and builds a
`WorkdayCalendar` back from such rows. It never reads the database or the clock.

A year file is either JSON::

    {"year": 2027, "holidays": ["2027-01-01", "2027-02-05..2027-02-11"],
     "workdays": ["2027-02-14"], "note": "国办发明电〔2026〕N号"}

or text/CSV, one entry a line (``#`` starts a comment; a header line is allowed)::

    2027-01-01,holiday,元旦
    2027-02-05..2027-02-11,holiday,春节
    2027-02-14,workday,春节调休

Kinds: ``holiday``/``休``/``rest`` and ``workday``/``班``/``work``. A date range is
``A..B`` or ``A~B`` (both ends included).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import chinese_calendar

from coordinator.domain.errors import DomainError
from solver.calendar import ONE_DAY, WorkdayCalendar

SOURCE_OFFICIAL = "official"
SOURCE_OVERRIDE = "override"
SOURCES = (SOURCE_OFFICIAL, SOURCE_OVERRIDE)
HOLIDAY_KINDS = frozenset({"holiday", "rest", "休", "假", "休息"})
WORKDAY_KINDS = frozenset({"workday", "work", "班", "上班", "调休上班"})
RANGE_SEPARATORS = ("..", "~", "～", "至")
MIN_YEAR, MAX_YEAR = 1990, 2200


class CalendarInputInvalid(DomainError):
    """A year arrangement (file or form) that cannot be accepted; lists every problem."""

    def __init__(self, problems: list[str], problems_zh: list[str]) -> None:
        self.problems = problems
        self.problems_zh = problems_zh
        super().__init__(
            "invalid calendar arrangement: " + "; ".join(problems),
            message_zh="日历安排有误：" + "；".join(problems_zh),
        )


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: rest days and 调休 make-up workdays."""

    year: int
    holidays: tuple[dt.date, ...]
    workdays: tuple[dt.date, ...]
    note: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def calendar(self) -> WorkdayCalendar:
        """This year alone as a `WorkdayCalendar` (the one place the day rule lives)."""
        return WorkdayCalendar(
            frozenset({self.year}), frozenset(self.holidays), frozenset(self.workdays)
        )


@dataclass(frozen=True)
class DayRow:
    """One calendar day as stored: working day or not, and why."""

    date: dt.date
    is_workday: bool
    note: str = ""


class _Problems:
    """Collects English and Chinese messages side by side."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.zh: list[str] = []

    def add(self, en: str, zh: str) -> None:
        self.en.append(en)
        self.zh.append(zh)

    def raise_if_any(self) -> None:
        if self.en:
            raise CalendarInputInvalid(self.en, self.zh)


def _parse_date(text: str, problems: _Problems, where: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.add(
            f"{where}: '{text.strip()}' is not a date (YYYY-MM-DD)",
            f"{where}：“{text.strip()}”不是日期（格式 YYYY-MM-DD）",
        )
        return None


def _expand_entry(entry: str, problems: _Problems, where: str) -> list[dt.date]:
    """One date or an inclusive range `A..B` as a list of dates."""
    for separator in RANGE_SEPARATORS:
        if separator in entry:
            first_text, _, last_text = entry.partition(separator)
            first = _parse_date(first_text, problems, where)
            last = _parse_date(last_text, problems, where)
            if first is None or last is None:
                return []
            if last < first:
                problems.add(
                    f"{where}: range '{entry.strip()}' ends before it starts",
                    f"{where}：区间“{entry.strip()}”的结束日期早于开始日期",
                )
                return []
            return [first + ONE_DAY * i for i in range((last - first).days + 1)]
    day = _parse_date(entry, problems, where)
    return [] if day is None else [day]


def _split_entries(text: str) -> Iterator[str]:
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for part in line.replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            if part.strip():
                yield part.strip()


def parse_day_list(text: str, *, label: str = "list") -> list[dt.date]:
    """Dates and ranges separated by commas or new lines (a web form textarea)."""
    problems = _Problems()
    days: list[dt.date] = []
    for entry in _split_entries(text):
        days.extend(_expand_entry(entry, problems, label))
    problems.raise_if_any()
    return days


def validate_year(
    year: int,
    holidays: Iterable[dt.date],
    workdays: Iterable[dt.date],
    note: str = "",
) -> YearArrangement:
    """Check an arrangement; refuse dates of another year and dates in both lists.

    A weekend day listed as a holiday, or a weekday listed as a make-up
    workday, changes nothing and is kept with a warning (the State Council's
    notices list whole breaks, weekends included).
    """
    problems = _Problems()
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.add(f"year {year} is out of range", f"年份 {year} 超出范围")
        problems.raise_if_any()
    rest, work = sorted(set(holidays)), sorted(set(workdays))
    for label, label_zh, days in (("holidays", "休息日", rest), ("workdays", "调休上班日", work)):
        for day in days:
            if day.year != year:
                problems.add(
                    f"{label}: {day.isoformat()} is not in {year}",
                    f"{label_zh}：{day.isoformat()} 不在 {year} 年",
                )
    for day in sorted(set(rest) & set(work)):
        problems.add(
            f"{day.isoformat()} is listed both as a holiday and as a workday",
            f"{day.isoformat()} 同时列为休息日和上班日",
        )
    if not rest:
        problems.add(
            f"no holidays given for {year}",
            f"未填写 {year} 年的节假日",
        )
    problems.raise_if_any()
    warnings = [f"{d.isoformat()} is a weekday listed as a workday" for d in work if d.weekday() < 5]
    return YearArrangement(year, tuple(rest), tuple(work), note.strip(), tuple(warnings))


def _parse_json(text: str, year: int | None) -> YearArrangement:
    problems = _Problems()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"not valid JSON: {exc}", f"不是有效的 JSON：{exc}")
        problems.raise_if_any()
    if not isinstance(data, dict):
        problems.add("the JSON must be an object", "JSON 顶层必须是对象")
        problems.raise_if_any()
    file_year = data.get("year", year)
    if not isinstance(file_year, int) or isinstance(file_year, bool):
        problems.add("'year' must be an integer", "“year”必须是整数")
        problems.raise_if_any()
    if year is not None and file_year != year:
        problems.add(
            f"the file is for {file_year}, not {year}",
            f"文件中的年份为 {file_year}，不是 {year}",
        )
    lists: dict[str, list[dt.date]] = {}
    for key in ("holidays", "workdays"):
        entries = data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            problems.add(f"'{key}' must be a list of date strings", f"“{key}”必须是日期字符串列表")
            entries = []
        lists[key] = [day for entry in entries for day in _expand_entry(entry, problems, key)]
    note = data.get("note") or ""
    if not isinstance(note, str):
        problems.add("'note' must be a string", "“note”必须是字符串")
        note = ""
    problems.raise_if_any()
    return validate_year(file_year, lists["holidays"], lists["workdays"], note)


def _parse_csv(text: str, year: int | None) -> YearArrangement:
    problems = _Problems()
    if year is None:
        problems.add("a text year file needs the year given", "文本格式须另行指定年份")
        problems.raise_if_any()
    rest: list[dt.date] = []
    work: list[dt.date] = []
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and cells[0].lower() in {"date", "日期"}):
            continue
        where = f"line {number}"
        if len(cells) < 2:
            problems.add(f"{where}: expected 'date,kind[,note]'", f"第 {number} 行：应为“日期,类型[,备注]”")
            continue
        kind = cells[1].lower()
        days = _expand_entry(cells[0], problems, where)
        if kind in HOLIDAY_KINDS:
            rest.extend(days)
        elif kind in WORKDAY_KINDS:
            work.extend(days)
        else:
            problems.add(
                f"{where}: kind '{cells[1]}' is neither holiday nor workday",
                f"第 {number} 行：类型“{cells[1]}”应为 holiday（休）或 workday（班）",
            )
    problems.raise_if_any()
    return validate_year(year, rest, work)


def parse_year_file(text: str, *, year: int | None = None) -> YearArrangement:
    """A year file (JSON or text/CSV) as a validated arrangement for `year`."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        return _parse_json(text, year)
    return _parse_csv(text, year)


def year_rows(arrangement: YearArrangement) -> list[DayRow]:
    """Every day of the arrangement's year, in order, with the note on changed days."""
    cal = arrangement.calendar()
    changed = set(arrangement.holidays) | set(arrangement.workdays)
    day = dt.date(arrangement.year, 1, 1)
    rows = []
    while day.year == arrangement.year:
        note = arrangement.note if day in changed else ""
        rows.append(DayRow(day, cal.is_workday(day), note))
        day += ONE_DAY
    return rows


def official_years() -> list[int]:
    """The years the `chinese-calendar` package knows, in order."""
    known = {day.year for day in chinese_calendar.holidays} | {
        day.year for day in chinese_calendar.workdays
    }
    return list(range(min(known), max(known) + 1))


# The package names holidays in English; the office reads Chinese.
HOLIDAY_NAMES_ZH = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


def official_rows(year: int) -> list[DayRow]:
    """Every day of `year` from the `chinese-calendar` package, with the holiday's Chinese name."""
    day = dt.date(year, 1, 1)
    rows = []
    while day.year == year:
        is_workday = chinese_calendar.is_workday(day)
        name = chinese_calendar.holidays.get(day) or chinese_calendar.workdays.get(day) or ""
        rows.append(DayRow(day, is_workday, HOLIDAY_NAMES_ZH.get(name, name)))
        day += ONE_DAY
    return rows


def calendar_from_rows(rows: Iterable[tuple[dt.date, bool]]) -> WorkdayCalendar:
    """A `WorkdayCalendar` knowing exactly the years of `rows` (one row per day)."""
    years: set[int] = set()
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day, is_workday in rows:
        years.add(day.year)
        weekend = day.weekday() >= 5
        if is_workday and weekend:
            workdays.add(day)
        elif not is_workday and not weekend:
            holidays.add(day)
    return WorkdayCalendar(frozenset(years), frozenset(holidays), frozenset(workdays))
