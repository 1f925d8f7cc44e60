"""Registry queries for the list pages, the API, imports and exports. Flush, never commit.

List pages stay fast at 100,000 targets: every filter hits an index
(status, street, risk grade, industry, the per-department membership
index), search is a prefix match on the key (indexed) or a substring match
on the name, pages are ordered by an indexed column with a unique
tie-breaker, and the total is one COUNT over the same filtered query.
Deep pages: the previous/next links carry the first/last row's key
(`before`/`after`), and such a page is a key-set seek on the sort key
(rows after that row's (name, id)), as fast at page 1000 as at page 2. A
page asked for by number alone (a typed or bookmarked URL) uses OFFSET over
the keys only, then loads the page's 50 rows. Exports and imports walk the
key in key-set batches too, so memory stays flat.

Scoping is given, not decided, here: `departments=None` means every
department, a tuple limits the rows to those departments (targets: on one
of their item lists).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, delete, exists, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session

from coordinator.persistence.models.annual_plan import AnnualPlan
from coordinator.persistence.models.inspector import (
    Inspector,
    InspectorPairConflict,
    InspectorTargetConflict,
    InspectorUnavailability,
)
from coordinator.persistence.models.item import Item
from coordinator.persistence.models.target import Target, TargetItem
from coordinator.persistence.models.user import User

IN_BATCH = 500
# Counting every match of a broad filter at 100,000 rows costs more than the page itself;
# counts stop here and the page says "10,000+".
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ListQuery:
    """A list page's request: scope, filters, page."""

    kind: str
    departments: tuple[str, ...] | None = None
    department: str = ""
    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = 50
    # Key of the row just before this page (the next link) or just after it (the previous link).
    after: str = ""
    before: str = ""


@dataclass(frozen=True)
class Page:
    """One page; `total` is exact up to COUNT_CAP, beyond it `total_exact` is False."""

    rows: list[Any]
    total: int
    page: int
    per_page: int
    total_exact: bool = True

    @property
    def pages(self) -> int:
        pages = max(1, -(-self.total // self.per_page))
        # Beyond the counted rows there may be more pages: at least one past a full page.
        if not self.total_exact and len(self.rows) == self.per_page:
            pages = max(pages, self.page + 1)
        return pages


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _target_filters(statement, query: ListQuery):
    departments = query.departments
    if query.department:
        departments = (query.department,) if departments is None or query.department in departments else ()
    if departments is not None:
        statement = statement.where(
            exists().where(TargetItem.target_id == Target.id, TargetItem.department_code.in_(departments))
        )
    f = query.filters
    if f.get("status"):
        statement = statement.where(Target.status == f["status"])
    if f.get("risk_grade"):
        grade = f["risk_grade"]
        statement = statement.where(Target.risk_grade.is_(None) if grade == "-" else Target.risk_grade == grade)
    if f.get("street"):
        statement = statement.where(Target.street == f["street"])
    if query.q:
        statement = statement.where(
            or_(Target.id.like(_prefix(query.q.upper()), escape="\\"), Target.name.like(_like(query.q), escape="\\"))
        )
    return statement


def _scoped(column, query: ListQuery):
    clauses = []
    if query.departments is not None:
        clauses.append(column.in_(query.departments))
    if query.department:
        clauses.append(column == query.department)
    return clauses


def _inspector_filters(statement, query: ListQuery):
    statement = statement.where(*_scoped(Inspector.department_code, query))
    active = query.filters.get("active")
    if active in ("1", "0"):
        statement = statement.where(Inspector.active.is_(active == "1"))
    if query.q:
        statement = statement.where(
            or_(Inspector.certificate_no.like(_prefix(query.q), escape="\\"), Inspector.name.like(_like(query.q), escape="\\"))
        )
    return statement


def _item_filters(statement, query: ListQuery):
    statement = statement.where(*_scoped(Item.department_code, query))
    f = query.filters
    if f.get("review_state"):
        statement = statement.where(Item.review_state == f["review_state"])
    if f.get("level"):
        statement = statement.where(Item.level == f["level"])
    if f.get("on_random_list") in ("1", "0"):
        statement = statement.where(Item.on_random_list.is_(f["on_random_list"] == "1"))
    if query.q:
        statement = statement.where(or_(Item.code.like(_prefix(query.q), escape="\\"), Item.name.like(_like(query.q), escape="\\")))
    return statement


MODELS = {"targets": Target, "inspectors": Inspector, "items": Item}
FILTERS = {"targets": _target_filters, "inspectors": _inspector_filters, "items": _item_filters}
# Indexed orderings with a unique last column, so OFFSET pages are stable.
ORDER = {
    "targets": (Target.name, Target.id),
    "inspectors": (Inspector.department_code, Inspector.name, Inspector.certificate_no),
    "items": (Item.department_code, Item.code),
}


def row_key(kind: str, row: Any) -> str:
    """The key (USCC / certificate number / item code) of a listed row."""
    return getattr(row, KEY_COLUMNS[kind].key)


def _sort_values(session: Session, kind: str, key: str) -> tuple | None:
    """The sort-key values of the record `key` (None if it is gone)."""
    order = ORDER[kind]
    return session.execute(select(*order).where(KEY_COLUMNS[kind] == key)).first()


def _page_rows(session: Session, query: ListQuery, page: int) -> list[Any]:
    model, apply, order = MODELS[query.kind], FILTERS[query.kind], ORDER[query.kind]
    cursor = query.after or query.before
    values = _sort_values(session, query.kind, cursor) if cursor else None
    if values is not None:
        # Key-set seek: the index on the sort key finds the page without counting the rows before it.
        if query.after:
            statement = apply(select(model), query).where(tuple_(*order) > tuple_(*values)).order_by(*order)
            return list(session.scalars(statement.limit(query.per_page)))
        statement = apply(select(model), query).where(tuple_(*order) < tuple_(*values))
        rows = list(session.scalars(statement.order_by(*(c.desc() for c in order)).limit(query.per_page)))
        return rows[::-1]
    # OFFSET over the sort key and the record key only (a narrow sort), then the page's rows by key.
    key = KEY_COLUMNS[query.kind]
    keys = list(session.scalars(
        apply(select(key), query).order_by(*order).offset((page - 1) * query.per_page).limit(query.per_page)
    ))
    if not keys:
        return []
    by_key = {row_key(query.kind, r): r for r in session.scalars(select(model).where(key.in_(keys)))}
    return [by_key[k] for k in keys if k in by_key]


def list_page(session: Session, query: ListQuery) -> Page:
    """One page of a registry list and the number of matching rows."""
    apply = FILTERS[query.kind]
    page = max(1, query.page)
    rows = _page_rows(session, query, page)
    key = KEY_COLUMNS[query.kind]
    capped = apply(select(key), query).limit(COUNT_CAP + 1).subquery()
    total = session.execute(select(func.count()).select_from(capped)).scalar_one()
    if total > COUNT_CAP:
        return Page(rows, max(COUNT_CAP, (page - 1) * query.per_page + len(rows)), page, query.per_page, total_exact=False)
    return Page(rows, total, page, query.per_page)


def iter_matching(session: Session, query: ListQuery, *, batch: int = 1000) -> Iterator[Any]:
    """Every matching row in key order, read in key-set batches (exports)."""
    model, apply = MODELS[query.kind], FILTERS[query.kind]
    key = KEY_COLUMNS[query.kind]
    after = None
    while True:
        statement = apply(select(model), query).order_by(key).limit(batch)
        if after is not None:
            statement = statement.where(key > after)
        rows = list(session.scalars(statement))
        yield from rows
        if len(rows) < batch:
            return
        after = getattr(rows[-1], key.key)
        session.expunge_all()


KEY_COLUMNS = {"targets": Target.id, "inspectors": Inspector.certificate_no, "items": Item.code}


def get_by_key(session: Session, kind: str, key: str) -> Any | None:
    """The record of `kind` with this key (USCC / certificate number / item code)."""
    if kind == "items":
        return session.scalars(select(Item).where(Item.code == key)).first()
    return session.get(MODELS[kind], key)


def get_many(session: Session, kind: str, keys: Iterable[str]) -> dict[str, Any]:
    """Existing records by key, looked up in batches."""
    column = KEY_COLUMNS[kind]
    wanted = sorted(set(keys))
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), IN_BATCH):
        chunk = wanted[start : start + IN_BATCH]
        for row in session.scalars(select(MODELS[kind]).where(column.in_(chunk))):
            found[getattr(row, column.key)] = row
    return found


def items_of_department(session: Session, *, department_code: str) -> dict[str, Item]:
    """A department's items by code."""
    statement = select(Item).where(Item.department_code == department_code).order_by(Item.code)
    return {item.code: item for item in session.scalars(statement)}


def item_codes_by_id(session: Session, *, item_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(item_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), IN_BATCH):
        for item_id, code in session.execute(select(Item.id, Item.code).where(Item.id.in_(ids[start : start + IN_BATCH]))):
            found[item_id] = code
    return found


def target_memberships(
    session: Session, *, target_ids: Iterable[str], department_code: str | None = None
) -> dict[str, dict[str, list[str]]]:
    """For each target: department → sorted item codes it is on (one department if given)."""
    ids = sorted(set(target_ids))
    result: dict[str, dict[str, list[str]]] = {}
    for start in range(0, len(ids), IN_BATCH):
        statement = (
            select(TargetItem.target_id, TargetItem.department_code, Item.code)
            .join(Item, Item.id == TargetItem.item_id)
            .where(TargetItem.target_id.in_(ids[start : start + IN_BATCH]))
        )
        if department_code is not None:
            statement = statement.where(TargetItem.department_code == department_code)
        for target_id, dept, code in session.execute(statement):
            result.setdefault(target_id, {}).setdefault(dept, []).append(code)
    for departments in result.values():
        for codes in departments.values():
            codes.sort()
    return result


def target_departments(session: Session, *, target_id: str) -> list[str]:
    """Departments that have this target on one of their lists."""
    statement = (
        select(TargetItem.department_code).where(TargetItem.target_id == target_id).distinct()
        .order_by(TargetItem.department_code)
    )
    return list(session.scalars(statement))


def set_target_items(
    session: Session, *, target_id: str, department_code: str, items: list[Item], added_at
) -> None:
    """Make the department's list memberships of a target exactly `items`."""
    session.execute(
        delete(TargetItem).where(
            TargetItem.target_id == target_id, TargetItem.department_code == department_code
        )
    )
    for item in items:
        session.add(TargetItem(target_id=target_id, item_id=item.id, department_code=department_code, added_at=added_at))
    session.flush()


def unavailability_of(session: Session, *, inspector_id: str) -> list[InspectorUnavailability]:
    statement = (
        select(InspectorUnavailability)
        .where(InspectorUnavailability.inspector_id == inspector_id)
        .order_by(InspectorUnavailability.from_date)
    )
    return list(session.scalars(statement))


def conflicts_of(session: Session, *, inspector_id: str) -> tuple[list, list]:
    """(inspector ↔ target conflicts, inspector ↔ inspector conflicts) of one inspector."""
    targets = session.scalars(
        select(InspectorTargetConflict)
        .where(InspectorTargetConflict.inspector_id == inspector_id)
        .order_by(InspectorTargetConflict.target_id)
    )
    pairs = session.scalars(
        select(InspectorPairConflict)
        .where(
            or_(
                InspectorPairConflict.inspector_a_id == inspector_id,
                InspectorPairConflict.inspector_b_id == inspector_id,
            )
        )
        .order_by(InspectorPairConflict.inspector_a_id, InspectorPairConflict.inspector_b_id)
    )
    return list(targets), list(pairs)


def inspector_of_username(session: Session, *, username: str) -> Inspector | None:
    """The inspector record linked to the user account `username`, if any."""
    statement = select(Inspector).join(User, User.id == Inspector.user_id).where(User.username == username)
    return session.scalars(statement).first()


def username_of_user(session: Session, *, user_id: int) -> str | None:
    return session.scalars(select(User.username).where(User.id == user_id)).first()


def add_record(session: Session, record: Any) -> Any:
    session.add(record)
    session.flush()
    return record


def bulk_insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows in batches (executemany), bypassing the unit of work."""
    for start in range(0, len(rows), 1000):
        session.execute(insert(model.__table__), rows[start : start + 1000])


def bulk_update(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """UPDATE many rows by primary key (each dict holds the key and the new values)."""
    for start in range(0, len(rows), 1000):
        session.execute(update(model), rows[start : start + 1000])


def primary_key_of(kind: str, record: Any) -> dict[str, Any]:
    if kind == "targets":
        return {"id": record.id}
    if kind == "inspectors":
        return {"certificate_no": record.certificate_no}
    return {"id": record.id}


def replace_memberships(
    session: Session, *, department_code: str, target_ids: list[str], pairs: list[tuple[str, int]], added_at
) -> None:
    """Drop the department's list memberships of `target_ids`, then add `pairs` (target, item)."""
    for start in range(0, len(target_ids), IN_BATCH):
        session.execute(
            delete(TargetItem).where(
                TargetItem.department_code == department_code,
                TargetItem.target_id.in_(target_ids[start : start + IN_BATCH]),
            )
        )
    rows = [
        {"target_id": t, "item_id": i, "department_code": department_code, "added_at": added_at}
        for t, i in sorted(set(pairs))
    ]
    bulk_insert(session, TargetItem, rows)


def find_conflict(session: Session, kind: str, inspector_id: str, other: str) -> Any | None:
    """An existing conflict of the inspector with a target ("target") or inspector ("inspector")."""
    if kind == "target":
        statement = select(InspectorTargetConflict).where(
            InspectorTargetConflict.inspector_id == inspector_id, InspectorTargetConflict.target_id == other
        )
    else:
        a, b = sorted((inspector_id, other))
        statement = select(InspectorPairConflict).where(
            InspectorPairConflict.inspector_a_id == a, InspectorPairConflict.inspector_b_id == b
        )
    return session.scalars(statement).first()


def plans(session: Session, *, year: int, scope: str | None = None, state: str | None = None) -> list[AnnualPlan]:
    """Plans of a year (one scope's when given), newest revision first."""
    statement = select(AnnualPlan).where(AnnualPlan.year == year)
    if scope is not None:
        statement = statement.where(AnnualPlan.scope == scope)
    if state is not None:
        statement = statement.where(AnnualPlan.state == state)
    return list(session.scalars(statement.order_by(AnnualPlan.scope, AnnualPlan.revision.desc())))


def published_plans(session: Session) -> list[AnnualPlan]:
    """Every published joint plan, newest year and revision first."""
    statement = select(AnnualPlan).where(AnnualPlan.state == "published").order_by(
        AnnualPlan.year.desc(), AnnualPlan.revision.desc()
    )
    return list(session.scalars(statement))


def published_random_items(session: Session) -> list[Item]:
    """Items on a random-check list whose review state is published, by department and code."""
    statement = select(Item).where(Item.on_random_list.is_(True), Item.review_state == "published")
    return list(session.scalars(statement.order_by(Item.department_code, Item.code)))


def random_list_coverage(session: Session, *, departments: tuple[str, ...] | None) -> tuple[int, int]:
    """(items on the random-check list, all items) over the given departments (None: all)."""
    statement = select(func.count(), func.sum(case((Item.on_random_list.is_(True), 1), else_=0))).select_from(Item)
    if departments is not None:
        statement = statement.where(Item.department_code.in_(departments))
    total, on_list = session.execute(statement).one()
    return int(on_list or 0), int(total or 0)
