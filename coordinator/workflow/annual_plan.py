"""Annual plans (年度抽查计划): departments file, the office combines and publishes the joint plan.

- A department (its operator, or the office for it) files its plan for a
  year: items from its random-check list, ratio or count, rounds and months.
  Filing again makes a new revision; earlier ones stay.
- The office combines every department's latest revision into a new draft
  revision of the district's joint plan (联合抽查计划) and publishes it; a
  revised plan is combined and published again, and every published revision
  stays on the public page (its history). Publishing freezes the
  departments' published random-check item lists into the plan row, so the
  public page never reads working tables.
Each step writes an audit event (`annual_plan.file`, `.combine`, `.publish`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from coordinator import clock
from coordinator.domain.annual_plan import parse_plan_lines
from coordinator.domain.errors import Conflict
from coordinator.domain.registry import FieldError, RegistryInvalid
from coordinator.domain.registry_columns import COLUMNS, label_of
from coordinator.domain.roles import Principal, Role, require_role, visible_department_codes
from coordinator.persistence.models.annual_plan import JOINT_SCOPE, AnnualPlan
from coordinator.persistence.repos import registry_query as repo
from coordinator.persistence.repos.audit import append_event
from coordinator.workflow import registry as flow

ITEM_COLUMNS = {c.field: c for c in COLUMNS["items"]}


class NothingToCombine(Conflict):
    def __init__(self, year: int) -> None:
        super().__init__(f"no department has filed a plan for {year}", message_zh=f"{year}年还没有部门报送计划")


class NoDraftToPublish(Conflict):
    def __init__(self, year: int) -> None:
        super().__init__(f"no draft joint plan for {year}", message_zh=f"{year}年没有待发布的联合抽查计划，请先汇总")


def _next_revision(session: Session, scope: str, year: int) -> int:
    existing = repo.plans(session, year=year, scope=scope)
    return existing[0].revision + 1 if existing else 1


def _event(session: Session, principal: Principal, verb: str, plan: AnnualPlan) -> None:
    append_event(
        session, actor=principal.username, action=f"annual_plan.{verb}", subject=f"annual_plan:{plan.scope}:{plan.year}",
        payload={"revision": plan.revision, "state": plan.state, "entries": plan.entries},
    )


def file_plan(session: Session, *, principal: Principal, department_code: str | None, year: int, text: str, note: str = "") -> AnnualPlan:
    """File (or revise) a department's plan; RegistryInvalid lists each bad line."""
    department = flow.writable_department(session, principal, department_code)
    items = {
        code: item.name for code, item in repo.items_of_department(session, department_code=department).items()
        if item.on_random_list
    }
    entries, errors = parse_plan_lines(text, items)
    if not 2000 <= year <= 2100:
        errors.append(FieldError("year", str(year), f"年度“{year}”无效"))
    if errors:
        raise RegistryInvalid(errors, what="annual plan")
    plan = AnnualPlan(
        scope=department, department_code=department, year=year, revision=_next_revision(session, department, year),
        state="filed", entries=[{**e, "department": department} for e in entries], note=note.strip()[:2000],
        created_by=principal.username, created_at=clock.utcnow(),
    )
    repo.add_record(session, plan)
    _event(session, principal, "file", plan)
    session.commit()
    return plan


def combine_joint_plan(session: Session, *, principal: Principal, year: int, note: str = "") -> AnnualPlan:
    """A new draft revision of the joint plan from each department's latest filed plan (office only)."""
    require_role(principal, Role.OFFICE_ADMIN)
    latest: dict[str, AnnualPlan] = {}
    for plan in repo.plans(session, year=year, state="filed"):
        latest.setdefault(plan.scope, plan)
    if not latest:
        raise NothingToCombine(year)
    entries = [entry for scope in sorted(latest) for entry in latest[scope].entries]
    plan = AnnualPlan(
        scope=JOINT_SCOPE, year=year, revision=_next_revision(session, JOINT_SCOPE, year), state="draft",
        entries=entries, note=note.strip()[:2000], created_by=principal.username, created_at=clock.utcnow(),
        items_snapshot={"sources": {scope: latest[scope].revision for scope in sorted(latest)}},
    )
    repo.add_record(session, plan)
    _event(session, principal, "combine", plan)
    session.commit()
    return plan


def publish_joint_plan(session: Session, *, principal: Principal, year: int) -> AnnualPlan:
    """Publish the latest draft joint plan, freezing the published item lists into it (office only)."""
    require_role(principal, Role.OFFICE_ADMIN)
    plans = repo.plans(session, year=year, scope=JOINT_SCOPE)
    if not plans or plans[0].state != "draft":
        raise NoDraftToPublish(year)
    plan = plans[0]
    snapshot: dict[str, list[dict[str, Any]]] = {}
    for item in repo.published_random_items(session):
        snapshot.setdefault(item.department_code, []).append(_public_item(item))
    plan.items_snapshot = {**plan.items_snapshot, "items": snapshot}
    plan.state = "published"
    plan.published_at = clock.utcnow()
    session.flush()
    _event(session, principal, "publish", plan)
    session.commit()
    return plan


def _public_item(item: Any) -> dict[str, Any]:
    """What the public sees of an item: code, name, basis, type, methods, sampling (no internal notes)."""
    return {
        "code": item.code, "name": item.name, "legal_basis": item.legal_basis, "object_type": item.object_type,
        "level": label_of(ITEM_COLUMNS["level"], item.level),
        "check_methods": label_of(ITEM_COLUMNS["check_methods"], list(item.check_methods or [])),
        "sub_items": item.sub_items,
    }


@dataclass
class YearView:
    year: int
    department_plans: list[AnnualPlan]
    joint_plans: list[AnnualPlan]


def year_view(session: Session, *, principal: Principal, year: int) -> YearView:
    """The plans of a year the principal may see: departments' (latest first) and the joint plan's revisions."""
    visible = visible_department_codes(principal)
    plans = repo.plans(session, year=year)
    departments = [p for p in plans if p.scope != JOINT_SCOPE and (visible is None or p.scope in visible)]
    joint = [p for p in plans if p.scope == JOINT_SCOPE]
    return YearView(year, departments, joint)


def public_plans(session: Session) -> list[AnnualPlan]:
    """Every published revision of every joint plan (no login needed)."""
    return repo.published_plans(session)
