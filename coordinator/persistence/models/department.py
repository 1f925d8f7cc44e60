"""Departments (部门): the units that own items, target lists and inspectors.

`code` is the stable key every scoped record points at (e.g. `scjg` for
市场监管); department operators see exactly their own code's data.
"""

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Integer, String
from sqlmodel import Field, SQLModel


class DepartmentBase(SQLModel):
    code: str = Field(sa_column=Column(String(32), primary_key=True))
    name: str = Field(sa_column=Column(String(100), nullable=False, unique=True))
    short_name: str = Field(default="", sa_column=Column(String(30), nullable=False, default=""))
    sort_order: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0))
    active: bool = Field(default=True, sa_column=Column(Boolean, nullable=False, default=True))


class Department(DepartmentBase, table=True):
    __tablename__ = "department"

    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class DepartmentCreate(SQLModel):
    code: str
    name: str
    short_name: str = ""
    sort_order: int = 0


class DepartmentRead(DepartmentBase):
    pass
