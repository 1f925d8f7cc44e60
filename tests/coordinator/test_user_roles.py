"""The permission rules, table-driven (pure: no database)."""

import pytest

from coordinator.domain.errors import Forbidden, NotFound
from coordinator.domain.roles import (
    Principal,
    RecordScope,
    Role,
    UnknownRole,
    can_read,
    can_write,
    parse_role,
    require_department,
    require_record,
    require_role,
    visible_department_codes,
)

OFFICE = Principal("office", Role.OFFICE_ADMIN)
AUDITOR = Principal("auditor", Role.AUDITOR)
OPERATOR_A = Principal("op_a", Role.DEPARTMENT_OPERATOR, "a")
INSPECTOR = Principal("insp", Role.INSPECTOR, "a")

DEPT_A = RecordScope(department_code="a")
DEPT_B = RecordScope(department_code="b")
MINE = RecordScope(department_code="a", inspector_username="insp")
OTHERS = RecordScope(department_code="a", inspector_username="someone")


@pytest.mark.parametrize(
    ("principal", "scope", "read", "write"),
    [
        (OFFICE, DEPT_A, True, True),
        (OFFICE, DEPT_B, True, True),
        (AUDITOR, DEPT_B, True, False),
        (AUDITOR, MINE, True, False),
        (OPERATOR_A, DEPT_A, True, True),
        (OPERATOR_A, DEPT_B, False, False),
        (OPERATOR_A, RecordScope(), False, False),
        (INSPECTOR, MINE, True, True),
        (INSPECTOR, OTHERS, False, False),
        (INSPECTOR, DEPT_A, False, False),
    ],
)
def test_read_write_rules(principal, scope, read, write):
    assert can_read(principal, scope) is read
    assert can_write(principal, scope) is write


def test_operator_without_department_reads_nothing():
    lost = Principal("lost", Role.DEPARTMENT_OPERATOR, None)
    assert not can_read(lost, RecordScope(department_code=None))
    assert visible_department_codes(lost) == ()


def test_visible_departments():
    assert visible_department_codes(OFFICE) is None
    assert visible_department_codes(AUDITOR) is None
    assert visible_department_codes(OPERATOR_A) == ("a",)
    assert visible_department_codes(INSPECTOR) == ()


def test_require_department_refuses_other_department_with_chinese_message():
    require_department(OPERATOR_A, "a", write=True)
    with pytest.raises(Forbidden) as refused:
        require_department(OPERATOR_A, "b")
    assert "其他部门" in refused.value.message_zh
    with pytest.raises(Forbidden):
        require_department(AUDITOR, "a", write=True)
    require_department(AUDITOR, "b")


def test_require_record_hides_unreadable_records_as_not_found():
    with pytest.raises(NotFound):
        require_record(OPERATOR_A, DEPT_B)
    with pytest.raises(NotFound):
        require_record(INSPECTOR, OTHERS, what="visit")
    with pytest.raises(Forbidden):
        require_record(AUDITOR, DEPT_A, write=True)
    require_record(INSPECTOR, MINE, write=True)


def test_require_role():
    require_role(OFFICE, Role.OFFICE_ADMIN)
    with pytest.raises(Forbidden) as refused:
        require_role(AUDITOR, Role.OFFICE_ADMIN)
    assert "联合办公室" in refused.value.message_zh


def test_parse_role():
    assert parse_role("auditor") is Role.AUDITOR
    with pytest.raises(UnknownRole):
        parse_role("superuser")
