"""Shared set-up of the registry web tests: two departments, their items, users of every role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from coordinator.domain.roles import Principal, Role
from coordinator.domain.uscc import check_character
from coordinator.workflow import registry as flow
from tests.factories import make_department, make_user


def uscc(n: int) -> str:
    """A valid USCC numbered n."""
    first = f"91440114MA{n:07d}"
    return first + check_character(first)


@dataclass
class World:
    a: object
    b: object
    office: object
    op_a: object
    op_b: object
    auditor: object


def build_world(session: Session) -> World:
    """Departments A and B, one item, target and inspector each; an operator per department."""
    a, b = make_department(session), make_department(session)
    office = make_user(session, role=Role.OFFICE_ADMIN)
    op_a = make_user(session, role=Role.DEPARTMENT_OPERATOR, department_code=a.code)
    op_b = make_user(session, role=Role.DEPARTMENT_OPERATOR, department_code=b.code)
    auditor = make_user(session, role=Role.AUDITOR)
    for user, dept, n in ((op_a, a, 1), (op_b, b, 2)):
        p = Principal(user.username, Role.DEPARTMENT_OPERATOR, dept.code)
        flow.create_record(session, principal=p, kind="items", raw={"code": f"{dept.code}-01", "name": f"事项{n}", "ratio_b": "5%"})
        flow.create_record(session, principal=p, kind="targets",
                           raw={"uscc": uscc(n), "name": f"对象{n}", "item_codes": f"{dept.code}-01"})
        flow.create_record(session, principal=p, kind="inspectors",
                           raw={"certificate_no": f"440100{n:04d}", "name": f"人员{n}", "certificate_expires": "2027-12-31"})
    return World(a, b, office, op_a, op_b, auditor)


KEYS = {
    "targets": lambda w, n: uscc(n),
    "inspectors": lambda w, n: f"440100{n:04d}",
    "items": lambda w, n: f"{(w.a if n == 1 else w.b).code}-01",
}
