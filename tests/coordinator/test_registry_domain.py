"""Registry validation: each field's rule and its Chinese message (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from coordinator.domain.registry import (
    check_review_transition,
    parse_date,
    parse_ratio,
    validate_inspector,
    validate_item,
    validate_target,
)
from coordinator.domain.uscc import check_character

GOOD = "91440114MA59ABCD" + "E"
GOOD = GOOD + check_character(GOOD)


def messages(errors, field):
    return [e.message_zh for e in errors if e.field == field]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.05", "0.05"), ("5%", "0.05"), ("5％", "0.05"), ("0", "0"), ("1", "1"), ("100%", "1"),
     ("0.050", "0.05"), ("1.5", None), ("-0.1", None), ("abc", None), ("NaN", None), ("", None)],
)
def test_ratio_is_a_canonical_decimal_string(text, expected):
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-02", dt.date(2026, 3, 2)), ("2026/3/2", dt.date(2026, 3, 2)),
     ("2026-03-02 00:00:00", dt.date(2026, 3, 2)), ("2026-02-30", None), ("02-03-2026", None), ("明天", None)],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_valid_target_is_normalised():
    values, errors = validate_target(
        {"uscc": GOOD, "name": " 某某餐饮店 ", "status": "注销", "risk_grade": "B类", "item_codes": "X-1、X-2,X-1"}
    )
    assert errors == []
    assert values["name"] == "某某餐饮店"
    assert values["status"] == "deregistered"
    assert values["risk_grade"] == "B"
    assert values["item_codes"] == ["X-1", "X-2"]


@pytest.mark.parametrize(
    ("uscc", "fragment"),
    [
        (GOOD[:17] + ("0" if GOOD[17] != "0" else "1"), "校验位错误"),
        (GOOD.lower(), "大写"),
        (GOOD[:17], "应为18位"),
        ("9.14401E+17", "文本"),
        ("", "不能为空"),
    ],
)
def test_target_code_errors_are_in_chinese(uscc, fragment):
    _, errors = validate_target({"uscc": uscc, "name": "某店"})
    assert any(fragment in m for m in messages(errors, "uscc"))


def test_target_registry_id_without_uscc_is_accepted():
    _, errors = validate_target({"uscc": "GT-0001", "name": "流动摊位"})
    assert errors == []


def test_target_bad_choice_lists_allowed_values():
    _, errors = validate_target({"uscc": GOOD, "name": "某店", "status": "倒闭"})
    assert messages(errors, "status") == ["登记状态“倒闭”无效，应为：存续、注销、吊销、撤销、迁出"]


def test_inspector_rules():
    values, errors = validate_inspector(
        {"certificate_no": "4401140001", "name": "张三", "certificate_expires": "2027-12-31",
         "can_lead": "是", "tags": "食品、消防"}
    )
    assert errors == []
    assert values["can_lead"] is True and values["active"] is True
    assert values["tags"] == ["消防", "食品"]
    _, errors = validate_inspector({"certificate_no": "44", "name": "", "certificate_expires": "2027-13-01"})
    assert {e.field for e in errors} == {"certificate_no", "name", "certificate_expires"}
    assert "不是有效日期" in messages(errors, "certificate_expires")[0]


def test_item_ratios_and_count_are_exclusive():
    values, errors = validate_item({"code": "SCJG-01", "name": "餐饮检查", "ratio_a": "3%", "ratio_none": "0.05",
                                    "check_methods": "现场检查、书面检查"})
    assert errors == []
    assert values["ratios"] == {"A": "0.03", "-": "0.05"}
    assert values["check_methods"] == ["onsite", "document"]
    _, errors = validate_item({"code": "SCJG-01", "name": "x", "ratio_b": "5%", "fixed_count": "3"})
    assert messages(errors, "fixed_count") == ["抽查比例与固定抽查数量只能填写一种"]
    _, errors = validate_item({"code": "SCJG 01", "name": "x", "ratio_c": "120%"})
    assert {e.field for e in errors} == {"code", "ratio_c"}


def test_review_transitions():
    assert check_review_transition("draft", "reviewed") is None
    assert check_review_transition("reviewed", "published") is None
    assert "不能从“草稿”改为“已发布”" in check_review_transition("draft", "published")
