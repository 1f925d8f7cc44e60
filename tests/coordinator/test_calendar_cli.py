"""`coordinator calendar ...` end to end on a fresh migrated SQLite file of its own.

The commands commit, so they get their own database (not the run's shared one,
whose tests expect an empty calendar and audit log).
"""

import json

import pytest
from alembic import command
from typer.testing import CliRunner

from coordinator.cli import app
from coordinator.config import get_settings
from coordinator.persistence.db import alembic_config, reset_engine

runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    reset_engine()
    yield url
    reset_engine()
    get_settings.cache_clear()


def run(*args):
    return runner.invoke(app, ["calendar", *args])


def test_add_working_days_seeds_an_empty_table_and_prints_the_date(cli_db):
    result = run("add-working-days", "2024-09-27", "20")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2024-10-30\n"
    again = run("seed")
    assert again.exit_code == 0
    assert again.stdout == "nothing to add; the calendar knows 2004–2026\n"


def test_period_end_and_show(cli_db):
    assert run("seed").stdout.startswith("seeded 8401 days")
    assert run("period-end", "2025-09-24", "7").stdout == "2025-10-09\n"
    shown = run("show", "2025").stdout
    assert shown.startswith("2025: 248 working days of 365 (source: official)")
    assert "  2025-10-08 Wed  official  国庆节" in shown
    assert "  2025-09-28 Sun  official  国庆节" in shown


def test_unknown_year_is_refused_with_its_name(cli_db):
    result = run("add-working-days", "2026-12-20", "20")
    assert result.exit_code == 1
    assert "the working-day calendar for 2027 is not known" in result.stderr
    assert "coordinator calendar set-year 2027 FILE" in result.stderr
    assert run("show", "2031").exit_code == 1


def test_set_year_from_a_json_file_makes_the_year_known(cli_db, tmp_path):
    year_file = tmp_path / "2027.json"
    year_file.write_text(
        json.dumps({"year": 2027, "holidays": ["2027-01-01", "2027-02-05..2027-02-11"],
                    "workdays": ["2027-02-14"], "note": "测试"}),
        encoding="utf-8",
    )
    assert run("seed").exit_code == 0
    result = run("set-year", "2027", str(year_file), "--actor", "office1")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2027: 8 rest days and 1 make-up workdays stored\n"
    assert run("add-working-days", "2026-12-30", "2").stdout == "2027-01-04\n"
    listed = runner.invoke(app, ["audit", "list", "--subject", "calendar:2027"])
    assert "office1  calendar.set_year  calendar:2027" in listed.stdout
    assert runner.invoke(app, ["audit", "verify"]).stdout == "OK: 2 events\n"  # seed + set-year


def test_set_year_refuses_a_bad_file_listing_every_problem(cli_db, tmp_path):
    year_file = tmp_path / "2027.csv"
    year_file.write_text("2027-01-01,holiday\n2027-01-01,workday\n2026-05-01,holiday\n", "utf-8")
    result = run("set-year", "2027", str(year_file))
    assert result.exit_code == 2
    assert "2026-05-01 is not in 2027" in result.stderr
    assert "2027-01-01 is listed both as a holiday and as a workday" in result.stderr
    assert run("show", "2027").exit_code == 1


def test_set_day_overrides_one_day_and_refuses_an_unknown_year(cli_db):
    assert run("seed").exit_code == 0
    result = run("set-day", "2024-10-08", "rest", "--note", "区政府通知", "--actor", "office1")
    assert (result.exit_code, result.stdout) == (0, "2024-10-08 is now a rest day\n")
    assert run("add-working-days", "2024-09-27", "20").stdout == "2024-10-31\n"
    unknown = run("set-day", "2031-01-06", "rest", "--note", "x")
    assert unknown.exit_code == 1 and "2031" in unknown.stderr
    assert run("set-day", "2024-10-09", "holiday", "--note", "x").exit_code == 2
    assert run("set-day", "2024-10-09", "rest", "--note", " ").exit_code == 2
