"""Annual random-check plans (年度抽查计划): a department's plan and the district's joint plan.

Every filing or revision is a new row (`revision` 1, 2, ... per scope and
year), so a revised plan keeps its history. `scope` is the department code
for a department's plan and "JOINT" for the district's joint plan (联合抽查计划),
whose `department_code` is NULL. A department plan is `filed`; a joint plan
is `draft` until the office publishes it (`published`, with `published_at`).
`entries` are the plan lines (item, department, ratio or count, rounds,
months); a published joint plan also freezes the departments' published item
lists (`items_snapshot`), so the public page reads only this row.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

JOINT_SCOPE = "JOINT"


class AnnualPlan(SQLModel, table=True):
    __tablename__ = "annual_plan"
    __table_args__ = (
        UniqueConstraint("scope", "year", "revision", name="uq_annual_plan_scope_year_revision"),
        CheckConstraint("state IN ('filed', 'draft', 'published')", name="state"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    scope: str = Field(sa_column=Column(String(32), nullable=False))
    department_code: str | None = Field(
        default=None, sa_column=Column(String(32), ForeignKey("department.code"), nullable=True)
    )
    year: int = Field(sa_column=Column(Integer, nullable=False))
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    state: str = Field(sa_column=Column(String(16), nullable=False))
    entries: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    items_snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_by: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    published_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
