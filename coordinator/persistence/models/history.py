"""Inspection history (检查记录): who checked which item of which target, when, with what result.

One row per (target, item, date): the department, the result code from the
result code table (`coordinator.domain.result_codes`, validated there, not
by a CHECK, because the table is data) and the round it came from. `round_id`
is NULL for history imported from before this system (e.g. last year's
records); the rounds table arrives in a later migration, which adds the
foreign key. The inspectors of a record are rows of
`inspection_record_inspector`, in team order, so recusal and rotation rules
can ask "who inspected this target when".
"""

import datetime as dt

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


class InspectionRecord(SQLModel, table=True):
    __tablename__ = "inspection_record"
    __table_args__ = (
        ForeignKeyConstraint(
            ["item_id", "department_code"],
            ["item.id", "item.department_code"],
            name="fk_inspection_record_item_id_item",
        ),
        UniqueConstraint("target_id", "item_id", "inspection_date", name="uq_inspection_record_target_item_date"),
        Index("ix_inspection_record_target_id_inspection_date", "target_id", "inspection_date"),
        Index(
            "ix_inspection_record_department_code_item_id_inspection_date",
            "department_code", "item_id", "inspection_date",
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    target_id: str = Field(sa_column=Column(String(40), ForeignKey("target.id"), nullable=False))
    department_code: str = Field(
        sa_column=Column(String(32), ForeignKey("department.code"), nullable=False)
    )
    item_id: int = Field(sa_column=Column(Integer, nullable=False))
    inspection_date: dt.date = Field(sa_column=Column(Date, nullable=False))
    result_code: str = Field(sa_column=Column(String(4), nullable=False))
    findings: str = Field(default="", sa_column=Column(Text, nullable=False))
    round_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True, index=True))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class InspectionRecordInspector(SQLModel, table=True):
    """An inspector on a record's team; `position` 0 is listed first."""

    __tablename__ = "inspection_record_inspector"

    record_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("inspection_record.id", ondelete="CASCADE"), primary_key=True
        )
    )
    inspector_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("inspector.certificate_no"), primary_key=True, index=True
        )
    )
    position: int = Field(default=0, sa_column=Column(Integer, nullable=False))
