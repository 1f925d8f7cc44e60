"""Targets (检查对象名录库) and the item lists each one is on.

A target is identified by its Unified Social Credit Code (`id_kind` "uscc",
check digit per GB 32100-2015) or, for an object without one (a site, a
vehicle, a stall), by a registry id such as "GT-0001" (`id_kind` "registry").
Targets are district-wide; departments put them on their items' lists
(`target_item`), and a department sees the targets on its own lists. A target
that leaves business changes `status` (注销/吊销/撤销/迁出) and drops out of
every future population, but its row and history stay. `risk_grade` NULL
means ungraded (stratum "-" in a scenario).

The indexes serve the list pages at 100,000 targets: filters on street,
status, risk grade and industry, ordering by name, and the per-department
membership lookup.
"""

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

ID_KIND_VALUES = ("uscc", "registry")
RISK_GRADE_VALUES = ("A", "B", "C", "D")
STATUS_LABELS = {
    "active": "存续",
    "deregistered": "注销",
    "revoked": "吊销",
    "cancelled": "撤销",
    "moved_out": "迁出",
}


class TargetBase(SQLModel):
    id: str = Field(sa_column=Column(String(40), primary_key=True))
    id_kind: str = Field(default="uscc", sa_column=Column(String(16), nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False, index=True))
    legal_representative: str = Field(default="", sa_column=Column(String(50), nullable=False))
    address: str = Field(default="", sa_column=Column(String(200), nullable=False))
    street: str = Field(default="", sa_column=Column(String(50), nullable=False, index=True))
    industry: str = Field(default="", sa_column=Column(String(100), nullable=False, index=True))
    risk_grade: str | None = Field(default=None, sa_column=Column(String(1), nullable=True, index=True))
    status: str = Field(default="active", sa_column=Column(String(16), nullable=False))
    contact_name: str = Field(default="", sa_column=Column(String(50), nullable=False))
    contact_phone: str = Field(default="", sa_column=Column(String(30), nullable=False))
    contact_email: str = Field(default="", sa_column=Column(String(200), nullable=False))

    @property
    def status_label(self) -> str:
        """The status as people read it (存续, 注销, ...)."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_active(self) -> bool:
        """Whether the target can be in a population (status exactly "active")."""
        return self.status == "active"


class Target(TargetBase, table=True):
    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint("id_kind IN ('uscc', 'registry')", name="id_kind"),
        CheckConstraint("risk_grade IS NULL OR risk_grade IN ('A', 'B', 'C', 'D')", name="risk_grade"),
        CheckConstraint(
            "status IN ('active', 'deregistered', 'revoked', 'cancelled', 'moved_out')", name="status"
        ),
        # The default list: active targets of a street, ordered by name.
        Index("ix_target_status_street_name", "status", "street", "name"),
    )

    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class TargetRead(TargetBase):
    """A target as the API returns it."""


class TargetItem(SQLModel, table=True):
    """A target is on an item's list (检查对象名录) of that item's department."""

    __tablename__ = "target_item"
    __table_args__ = (
        ForeignKeyConstraint(
            ["item_id", "department_code"],
            ["item.id", "item.department_code"],
            name="fk_target_item_item_id_item",
            ondelete="CASCADE",
        ),
        # A department's targets (scoping, its list page) without touching other departments' rows.
        Index("ix_target_item_department_code_target_id", "department_code", "target_id"),
        Index("ix_target_item_item_id", "item_id"),
    )

    target_id: str = Field(
        sa_column=Column(
            String(40), ForeignKey("target.id", ondelete="CASCADE"), primary_key=True
        )
    )
    item_id: int = Field(sa_column=Column(Integer, primary_key=True))
    # Denormalised from the item (the composite foreign key keeps it equal) for scoping queries.
    department_code: str = Field(
        sa_column=Column(String(32), ForeignKey("department.code"), nullable=False)
    )
    added_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
