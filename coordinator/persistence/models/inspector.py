"""Inspectors (执法检查人员名录库), their absences and declared conflicts of interest.

An inspector is keyed by the 执法证号 (law-enforcement certificate number)
that notices print and firms verify. `tags` are qualification tags (资格标签)
that items may require; `certificate_expires` is the last day the
certificate is valid; `can_lead` marks who may lead a visit (组长). An
inspector who logs in has a user account (`user_id`).

Unavailability periods (leave, training) include both ends. Conflicts are
declared by the inspector, the department, the office or on the firm's
request (`declarant_kind`), with who entered them and why: an inspector ↔
target conflict keeps the inspector away from that target; an inspector ↔
inspector conflict keeps the two out of the same team (stored once, the
smaller certificate number first).
"""

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

DECLARANT_KIND_VALUES = ("inspector", "department", "office", "target")
_DECLARANT_CHECK = "declarant_kind IN ('inspector', 'department', 'office', 'target')"


class InspectorBase(SQLModel):
    certificate_no: str = Field(sa_column=Column(String(32), primary_key=True))
    name: str = Field(sa_column=Column(String(50), nullable=False))
    department_code: str = Field(
        sa_column=Column(String(32), ForeignKey("department.code"), nullable=False)
    )
    position: str = Field(default="", sa_column=Column(String(50), nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    certificate_expires: dt.date = Field(sa_column=Column(Date, nullable=False))
    can_lead: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    phone: str = Field(default="", sa_column=Column(String(30), nullable=False))
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))


class Inspector(InspectorBase, table=True):
    __tablename__ = "inspector"
    __table_args__ = (Index("ix_inspector_department_code_name", "department_code", "name"),)

    user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id"), nullable=True, unique=True),
    )
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class InspectorRead(InspectorBase):
    """An inspector as the API returns it."""


class InspectorUnavailability(SQLModel, table=True):
    """A period (both ends included) in which the inspector cannot inspect."""

    __tablename__ = "inspector_unavailability"
    __table_args__ = (
        CheckConstraint("to_date >= from_date", name="ordered"),
        Index("ix_inspector_unavailability_inspector_id_from_date", "inspector_id", "from_date"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    inspector_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("inspector.certificate_no", ondelete="CASCADE"), nullable=False
        )
    )
    from_date: dt.date = Field(sa_column=Column(Date, nullable=False))
    to_date: dt.date = Field(sa_column=Column(Date, nullable=False))
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class InspectorTargetConflict(SQLModel, table=True):
    """The inspector must not inspect the target (利害关系, 回避)."""

    __tablename__ = "inspector_target_conflict"
    __table_args__ = (
        UniqueConstraint("inspector_id", "target_id", name="uq_inspector_target_conflict_pair"),
        CheckConstraint(_DECLARANT_CHECK, name="declarant_kind"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    inspector_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("inspector.certificate_no", ondelete="CASCADE"), nullable=False
        )
    )
    target_id: str = Field(
        sa_column=Column(String(40), ForeignKey("target.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False))
    declarant_kind: str = Field(sa_column=Column(String(16), nullable=False))
    declared_by: str = Field(sa_column=Column(String(64), nullable=False))
    declared_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class InspectorPairConflict(SQLModel, table=True):
    """The two inspectors must not serve in the same team (stored with inspector_a_id < inspector_b_id)."""

    __tablename__ = "inspector_pair_conflict"
    __table_args__ = (
        UniqueConstraint("inspector_a_id", "inspector_b_id", name="uq_inspector_pair_conflict_pair"),
        CheckConstraint("inspector_a_id < inspector_b_id", name="ordered"),
        CheckConstraint(_DECLARANT_CHECK, name="declarant_kind"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    inspector_a_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("inspector.certificate_no", ondelete="CASCADE"), nullable=False
        )
    )
    inspector_b_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("inspector.certificate_no", ondelete="CASCADE"),
            nullable=False, index=True,
        )
    )
    reason: str = Field(default="", sa_column=Column(String(200), nullable=False))
    declarant_kind: str = Field(sa_column=Column(String(16), nullable=False))
    declared_by: str = Field(sa_column=Column(String(64), nullable=False))
    declared_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
