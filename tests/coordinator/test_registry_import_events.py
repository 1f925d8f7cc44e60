"""An imported new record's audit event lists the same changes as a record created by hand."""

from __future__ import annotations

import pytest

from coordinator.workflow import registry as flow
from coordinator.workflow.registry_import import _created_changes

SAMPLES = {
    "targets": {"uscc": "91440114MA0000001X", "name": "花都测试商户", "status": "存续", "risk_grade": "B类",
                "item_codes": "SCJG-01；SCJG-02", "email": ""},
    "inspectors": {"certificate_no": "4401140001", "name": "张三", "tags": "食品；药品",
                   "certificate_expires": "2027-12-31", "can_lead": "是", "active": "否"},
    "items": {"code": "SCJG-01", "name": "食品安全检查", "ratio_b": "5%", "check_methods": "现场检查"},
}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_created_changes_equal_changes_from_an_empty_record(kind):
    values, _errors = flow.check_values(kind, SAMPLES[kind])
    expected = flow.changes_between(kind, {}, values)
    assert expected
    assert _created_changes(kind, values) == expected
