"""The result code table: the data file as issue 3 lists it, lookups and the problem family."""

from __future__ import annotations

import json

import pytest

from coordinator.domain import result_codes as rc

ISSUE_TABLE = (
    "未发现问题[1]; 发现问题待后续处理[A]; 未按规定公示应当公示的信息[B]; 公示信息隐瞒真实情况弄虚作假[C]; "
    "通过登记的住所（经营场所）无法联系[6]; 违反其他工商行政管理规定行为[D]; 违反食品药品管理相关规定[3]; "
    "违反质量技术监督相关规定[4]; 违反其他部门相关规定[5]; 违反公安部门相关规定[G]; 发现问题经责令已改正[E]; "
    "未发现开展本次抽查涉及的经营活动[F]; 已关闭停业或正在组织清算[7]; 不配合检查情节严重[8]; 注销[9]; "
    "被吊销[10]; 被撤销[11]; 迁出[12]"
)


def test_table_is_exactly_the_issue_list_in_order():
    assert "; ".join(rc.display(entry.code) for entry in rc.result_codes()) == ISSUE_TABLE


def test_sub_codes_of_a():
    assert [entry.code for entry in rc.children("A")] == ["B", "C", "6", "D", "3", "4", "5", "G"]
    assert rc.children("1") == ()
    assert {entry.parent for entry in rc.result_codes()} == {None, "A"}


@pytest.mark.parametrize(
    ("code", "problem"),
    [("1", False), ("A", True), ("B", True), ("6", True), ("G", True), ("3", True),
     ("E", False), ("F", False), ("7", False), ("8", False), ("9", False), ("12", False)],
)
def test_is_problem_is_the_a_family(code, problem):
    assert rc.is_problem(code) is problem


def test_lookup_and_labels():
    assert rc.lookup("6").label == "通过登记的住所（经营场所）无法联系"
    assert rc.label("10") == "被吊销"
    assert rc.is_known("G") and not rc.is_known("g") and not rc.is_known("13")


def test_unknown_code_is_refused_with_chinese_message():
    with pytest.raises(rc.UnknownResultCode) as info:
        rc.lookup("Z")
    assert info.value.message_zh == "检查结果代码“Z”不存在"
    with pytest.raises(rc.UnknownResultCode):
        rc.is_problem("")


def test_status_after_leaving_business():
    assert [rc.status_after(c) for c in ("9", "10", "11", "12")] == [
        "deregistered", "revoked", "cancelled", "moved_out"]
    assert rc.status_after("1") is None and rc.status_after("A") is None


def test_data_file_is_the_one_loaded():
    raw = json.loads(rc.RESULT_CODES_PATH.read_text(encoding="utf-8"))
    assert rc.parse_table(raw) == rc.result_codes()
    assert len(rc.result_codes()) == 18


@pytest.mark.parametrize(
    ("codes", "needle"),
    [
        ([{"code": "1", "label": "a"}, {"code": "1", "label": "b"}], "duplicate"),
        ([{"code": "B", "label": "b", "parent": "A"}], "unknown parent"),
        ([{"code": "A", "label": "a"}, {"code": "B", "label": "b", "parent": "A"},
          {"code": "C", "label": "c", "parent": "B"}], "unknown parent"),
        ([{"code": "", "label": "x"}], "empty"),
    ],
)
def test_broken_tables_are_refused(codes, needle):
    with pytest.raises(rc.ResultCodeTableInvalid, match=needle):
        rc.parse_table({"format": rc.FORMAT, "codes": codes})


def test_wrong_format_is_refused():
    with pytest.raises(rc.ResultCodeTableInvalid, match="format"):
        rc.parse_table({"format": "other/1", "codes": []})
