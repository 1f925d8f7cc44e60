"""Regenerate solver/data/official_calendar.json from the chinese-calendar package.

The solver may not import third-party calendar packages (it is a pure library
that auditors re-run), so the official arrangement it uses is a checked-in
snapshot of `chinese-calendar` 1.11.0's data: for each known year, the rest
days that fall Monday–Friday (holidays) and the weekend days that are working
days (调休 make-up workdays). `tests/solver/test_calendar.py` checks the
snapshot against the package day by day.

    .venv/bin/python scripts/make_official_calendar.py
"""

import datetime as dt
import json
from pathlib import Path

import chinese_calendar

FIRST_YEAR, LAST_YEAR = 2004, 2026
OUT = Path(__file__).resolve().parent.parent / "solver" / "data" / "official_calendar.json"


def main() -> None:
    holidays: list[str] = []
    workdays: list[str] = []
    day = dt.date(FIRST_YEAR, 1, 1)
    while day.year <= LAST_YEAR:
        is_weekend = day.weekday() >= 5
        official = chinese_calendar.is_workday(day)
        if official and is_weekend:
            workdays.append(day.isoformat())
        elif not official and not is_weekend:
            holidays.append(day.isoformat())
        day += dt.timedelta(days=1)
    payload = {
        "source": f"chinese-calendar {chinese_calendar.__version__ if hasattr(chinese_calendar, '__version__') else '1.11.0'}",
        "years": list(range(FIRST_YEAR, LAST_YEAR + 1)),
        "holidays": holidays,
        "workdays": workdays,
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(holidays)} weekday holidays, {len(workdays)} weekend workdays")


if __name__ == "__main__":
    main()
