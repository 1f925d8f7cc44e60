"""The one `MetaData` every table lives on, with the constraint naming convention.

All tables are SQLModel tables and SQLModel keeps one shared `MetaData`;
the convention is installed on it here, and `models/__init__.py` imports this
module before any model, so every index and constraint gets a predictable
name (Alembic migrations and batch operations on SQLite rely on that).
"""

from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION
