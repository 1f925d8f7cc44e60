"""How registry records read on the pages: list rows, the record page, form defaults.

Display only: values come from `coordinator.workflow.registry` (already
scoped) and are turned into Chinese labels with the column tables.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlmodel import Session

from coordinator.domain.audit import canonical_payload
from coordinator.domain.errors import DomainError
from coordinator.domain.registry import ITEM_LEVELS, REVIEW_STATES, RISK_GRADES, TARGET_STATUSES
from coordinator.domain.registry_columns import COLUMNS, KIND_LABELS, label_of
from coordinator.domain.roles import Principal
from coordinator.persistence.repos.registry_query import ListQuery
from coordinator.workflow import registry as flow
from coordinator.workflow import registry_detail as detail
from coordinator.workflow.registry_detail import first_department

LIST_HEADERS = {
    "targets": ["统一社会信用代码", "名称", "街道", "行业", "信用风险分类", "登记状态"],
    "inspectors": ["执法证号", "姓名", "部门", "职务", "资格标签", "执法证有效期至", "可任组长", "在岗"],
    "items": ["事项编码", "事项名称", "部门", "纳入随机抽查", "审核状态", "事项类别", "抽查比例/数量"],
}
FORM_DEFAULTS = {"can_lead": "否", "active": "是", "on_random_list": "是"}
SUMMARY_LIMIT = 400
PER_PAGE = 50
YES_NO_FILTER = {"1": "是", "0": "否"}
FILTERS = {
    "targets": (("status", "登记状态", TARGET_STATUSES), ("risk_grade", "信用风险分类", RISK_GRADES)),
    "inspectors": (("active", "在岗", YES_NO_FILTER),),
    "items": (
        ("review_state", "审核状态", REVIEW_STATES),
        ("level", "事项类别", ITEM_LEVELS),
        ("on_random_list", "纳入随机抽查", YES_NO_FILTER),
    ),
}

__all__ = ["FILTERS", "LIST_HEADERS", "detail_context", "first_department", "form_defaults", "list_query", "list_row"]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _sample(item: Any) -> str:
    if item.fixed_count is not None:
        return f"固定 {item.fixed_count} 户"
    return "；".join(f"{RISK_GRADES[g]} {r}" for g, r in item.ratios().items()) or "—"


def list_row(kind: str, record: Any, department_names: dict[str, str]) -> dict[str, Any]:
    """One table row of a list page: key, link and the cells under LIST_HEADERS."""
    if kind == "targets":
        key = record.id
        cells = [record.id, record.name, record.street, record.industry,
                 RISK_GRADES.get(record.risk_grade or "-", ""), TARGET_STATUSES.get(record.status, record.status)]
    elif kind == "inspectors":
        key = record.certificate_no
        cells = [key, record.name, department_names.get(record.department_code, record.department_code), record.position,
                 "、".join(record.tags or []), record.certificate_expires.isoformat(), _yes(record.can_lead), _yes(record.active)]
    else:
        key = record.code
        cells = [key, record.name, department_names.get(record.department_code, record.department_code),
                 _yes(record.on_random_list), REVIEW_STATES.get(record.review_state, record.review_state),
                 ITEM_LEVELS.get(record.level, record.level), _sample(record)]
    return {"key": key, "href": f"/registry/{kind}/{key}", "cells": cells}


def form_defaults(kind: str) -> dict[str, str]:
    values = {c.field: "" for c in COLUMNS[kind]}
    values.update({k: v for k, v in FORM_DEFAULTS.items() if k in values})
    for column in COLUMNS[kind]:
        if column.choices and not column.multi:
            values[column.field] = next(iter(column.choices.values())) if column.field != "risk_grade" else "未评级"
    return values


def _summary(payload: dict[str, Any]) -> str:
    changes = payload.get("changes")
    if isinstance(changes, dict):
        parts = [f"{name}: {old if old is not None else '（空）'} → {new if new is not None else '（空）'}"
                 for name, (old, new) in sorted(changes.items())]
        text = "；".join(parts) or "无字段变化"
        if payload.get("source") == "import":
            text = "（批量导入）" + text
    else:
        text = canonical_payload(payload)
    return text if len(text) <= SUMMARY_LIMIT else text[:SUMMARY_LIMIT] + "…"


def detail_context(session: Session, principal: Principal, kind: str, key: str) -> dict[str, Any]:
    """Everything the record page shows, after the scope check."""
    record = flow.get_record(session, principal=principal, kind=kind, key=key)
    department = principal.department_code or first_department(session, kind, record)
    values = flow.values_for(session, principal, kind, record, department)
    fields = [(c.header, label_of(c, values.get(c.field))) for c in COLUMNS[kind] if not (kind == "targets" and c.field == "item_codes")]
    events = flow.record_history(session, principal=principal, kind=kind, key=key)
    return {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "title": values.get("name") or key,
        "department_name": getattr(record, "department_code", "") or "全区检查对象名录",
        "fields": fields,
        "sections": detail.record_sections(session, principal=principal, kind=kind, record=record),
        "history": [{"occurred_at": e.occurred_at, "actor": e.actor, "action": e.action, "summary": _summary(e.payload)} for e in events],
        "can_write": bool(flow.writable_departments(session, principal=principal)) and _may_write(session, principal, kind, record),
        "edit_href": f"/registry/{kind}/{key}/edit",
        "key": key,
        "period_values": {}, "period_errors": [],
        "conflict_values": {}, "conflict_errors": [],
    }


def _may_write(session: Session, principal: Principal, kind: str, record: Any) -> bool:
    try:
        flow.require_readable(session, principal, kind, record, write=True)
    except DomainError:
        return False
    return True


def list_query(request: Request, kind: str, page: int) -> ListQuery:
    params = request.query_params
    filters = {name: params.get(name, "") for name, _, _ in FILTERS[kind]}
    return ListQuery(
        kind=kind, department=params.get("department", "").strip(), q=params.get("q", "").strip()[:100],
        filters=filters, page=page, per_page=PER_PAGE,
        after=params.get("after", "")[:64], before=params.get("before", "")[:64],
    )
