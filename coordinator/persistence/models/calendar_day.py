"""The working-day calendar table: one row per day of every year the office knows.

A year is known exactly when it has rows (a whole year is always written at
once); `is_workday` is the answer for that day. `source` says whether the row
comes from the `chinese-calendar` package (`official`) or was entered by the
office (`override`: a new year's arrangement or a single corrected day).
"""

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Column, Date, DateTime, String
from sqlmodel import Field, SQLModel

from coordinator.domain.calendar import SOURCE_OFFICIAL


class CalendarDayBase(SQLModel):
    date: dt.date = Field(sa_column=Column("date", Date, primary_key=True))
    is_workday: bool = Field(sa_column=Column(Boolean, nullable=False))
    source: str = Field(
        default=SOURCE_OFFICIAL, sa_column=Column(String(16), nullable=False)
    )
    note: str = Field(default="", sa_column=Column(String(200), nullable=False, default=""))


class CalendarDay(CalendarDayBase, table=True):
    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("source IN ('official', 'override')", name="source"),)

    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CalendarDayRead(CalendarDayBase):
    updated_at: dt.datetime
