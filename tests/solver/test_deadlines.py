"""Deadlines of spec/scenario.md across the 2026 National Day holiday and at the year's end.

Expected dates are counted by hand from the State Council's 2026 arrangement:
rest days 2026-09-25 and 2026-10-01..07 (with the weekend between), make-up
workdays Sunday 2026-09-20 and Saturday 2026-10-10.
"""

from __future__ import annotations

import datetime as dt

from solver.calendar import official_calendar
from solver.deadlines import plan_deadlines

D = dt.date.fromisoformat


def test_feedback_and_summary_move_past_national_day():
    deadlines, warnings = plan_deadlines(official_calendar(), {"T1": D("2026-09-21"), "T2": D("2026-09-24")}, 3)
    assert deadlines["feedback_due"] == {"T1": "2026-10-08", "T2": "2026-10-08"}  # 10-01 and 10-04 are rest days
    assert deadlines["summary_due"] == "2026-10-08"  # 09-24 + 7 = 10-01
    assert warnings == []


def test_publication_counts_twenty_working_days_with_the_make_up_saturday():
    deadlines, _ = plan_deadlines(official_calendar(), {"T1": D("2026-09-24")}, 3)
    # 09-28..30 (3), 10-08, 10-09, Saturday 10-10 (6), 10-12..16 (11), 10-19..23 (16), 10-26..29 (20)
    assert deadlines["publication_due"] == "2026-10-29"


def test_notices_count_the_make_up_sunday():
    deadlines, _ = plan_deadlines(official_calendar(), {"T1": D("2026-09-21"), "T2": D("2026-09-28")}, 3)
    # Working days before Monday 09-21: Sunday 09-20 (make-up), Friday 09-18, Thursday 09-17.
    assert deadlines["notices_by"] == "2026-09-17"


def test_zero_notice_days_is_the_first_visit_itself():
    deadlines, _ = plan_deadlines(official_calendar(), {"T1": D("2026-09-21")}, 0)
    assert deadlines["notices_by"] == "2026-09-21"


def test_key_order_is_the_plans():
    deadlines, _ = plan_deadlines(official_calendar(), {"T1": D("2026-09-21")}, 3)
    assert list(deadlines) == ["notices_by", "feedback_due", "publication_due", "summary_due"]


def test_december_visits_run_into_an_unknown_2027():
    visits = {"A": D("2026-12-14"), "B": D("2026-12-28"), "C": D("2026-12-29")}
    deadlines, warnings = plan_deadlines(official_calendar(), visits, 3)
    assert deadlines["feedback_due"] == {"A": "2026-12-24", "B": None, "C": None}
    assert deadlines["summary_due"] is None and deadlines["publication_due"] is None
    assert deadlines["notices_by"] == "2026-12-09"
    assert len(warnings) == 3 and all("2027" in line for line in warnings)
    assert any(line.startswith("publication_due") for line in warnings)
    assert any(line.startswith("summary_due") for line in warnings)
    assert any(line.startswith("feedback_due") and "B" in line and "C" in line for line in warnings)


def test_a_listed_2027_makes_the_year_end_deadlines_computable():
    calendar = official_calendar().with_overrides(extra_holidays=[D("2027-01-01")], extra_years=[2027])
    deadlines, warnings = plan_deadlines(calendar, {"B": D("2026-12-28")}, 3)
    assert warnings == []
    assert deadlines["feedback_due"] == {"B": "2027-01-07"}
    assert deadlines["summary_due"] == "2027-01-04"
    # 12-29..31 (3), 01-01 holiday, 01-04..08 (8), 01-11..15 (13), 01-18..22 (18), 01-25, 01-26 (20)
    assert deadlines["publication_due"] == "2027-01-26"


def test_an_extra_holiday_moves_a_deadline():
    calendar = official_calendar().with_overrides(extra_holidays=[D("2026-11-10")])
    deadlines, _ = plan_deadlines(calendar, {"T": D("2026-10-31")}, 3)
    assert deadlines["feedback_due"]["T"] == "2026-11-11"  # 10-31 + 10 = 11-10, a rest day now


def test_no_visits_means_null_single_deadlines_and_no_feedback():
    deadlines, warnings = plan_deadlines(official_calendar(), {}, 3)
    assert deadlines == {"notices_by": None, "feedback_due": {}, "publication_due": None, "summary_due": None}
    assert warnings == []


def test_an_undated_visit_has_a_null_feedback_entry_and_does_not_count():
    deadlines, warnings = plan_deadlines(official_calendar(), {"T1": None, "T2": D("2026-09-21")}, 3)
    assert deadlines["feedback_due"] == {"T1": None, "T2": "2026-10-08"}
    assert deadlines["summary_due"] == "2026-09-28"
    assert warnings == []
