"""Inspection items (抽查事项清单): what a department checks, how, and how often.

A department keeps its whole list of inspection items (行政检查事项); those
with `on_random_list` are on the random-check list (随机抽查事项清单) that
draws sample from, so the share of items covered by random checks can be
reported. An item passes draft → legally reviewed (法制审核) → published
(`coordinator.domain.registry.REVIEW_TRANSITIONS`).

Sample sizes are a ratio per credit-risk grade (A/B/C/D and ungraded "-",
columns `ratio_a` … `ratio_none`) stored as canonical decimal strings such as
"0.05", never floats, or a fixed count; never both. A grade whose ratio is
NULL is not sampled. Check methods and required qualification tags are JSON
lists of codes/tags, sorted.
"""

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

REVIEW_STATE_VALUES = ("draft", "reviewed", "published")
LEVEL_VALUES = ("general", "key")
NOTICE_MODE_VALUES = ("advance", "unannounced")
CHECK_METHOD_VALUES = ("onsite", "document", "online", "testing", "professional")
# Risk grade → column holding its ratio ("-" is the ungraded stratum).
RATIO_COLUMNS = {"A": "ratio_a", "B": "ratio_b", "C": "ratio_c", "D": "ratio_d", "-": "ratio_none"}


def _ratio_column() -> Column:
    return Column(String(16), nullable=True)


class ItemBase(SQLModel):
    department_code: str = Field(
        sa_column=Column(String(32), ForeignKey("department.code"), nullable=False, index=True)
    )
    code: str = Field(sa_column=Column(String(40), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    on_random_list: bool = Field(default=True, sa_column=Column(Boolean, nullable=False))
    review_state: str = Field(default="draft", sa_column=Column(String(16), nullable=False))
    sub_items: str = Field(default="", sa_column=Column(Text, nullable=False))
    legal_basis: str = Field(default="", sa_column=Column(Text, nullable=False))
    object_type: str = Field(default="", sa_column=Column(String(100), nullable=False))
    level: str = Field(default="general", sa_column=Column(String(16), nullable=False))
    check_methods: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ratio_a: str | None = Field(default=None, sa_column=_ratio_column())
    ratio_b: str | None = Field(default=None, sa_column=_ratio_column())
    ratio_c: str | None = Field(default=None, sa_column=_ratio_column())
    ratio_d: str | None = Field(default=None, sa_column=_ratio_column())
    ratio_none: str | None = Field(default=None, sa_column=_ratio_column())
    fixed_count: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    frequency: str = Field(default="", sa_column=Column(String(100), nullable=False))
    required_tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notice_mode: str = Field(default="advance", sa_column=Column(String(16), nullable=False))
    materials: str = Field(default="", sa_column=Column(Text, nullable=False))

    def ratios(self) -> dict[str, str]:
        """The sampled grades and their ratio strings, e.g. {"A": "0.03", "-": "0.05"}."""
        found = {grade: getattr(self, column) for grade, column in RATIO_COLUMNS.items()}
        return {grade: ratio for grade, ratio in found.items() if ratio is not None}


class Item(ItemBase, table=True):
    __tablename__ = "item"
    __table_args__ = (
        CheckConstraint("review_state IN ('draft', 'reviewed', 'published')", name="review_state"),
        CheckConstraint("level IN ('general', 'key')", name="level"),
        CheckConstraint("notice_mode IN ('advance', 'unannounced')", name="notice_mode"),
        CheckConstraint("fixed_count IS NULL OR fixed_count >= 0", name="fixed_count_non_negative"),
        CheckConstraint(
            "fixed_count IS NULL OR (ratio_a IS NULL AND ratio_b IS NULL AND ratio_c IS NULL"
            " AND ratio_d IS NULL AND ratio_none IS NULL)",
            name="ratio_or_count",
        ),
        # Lets target_item and inspection_record point at (item, its department) together,
        # so a membership or history row can never name another department's item.
        UniqueConstraint("id", "department_code", name="uq_item_id_department_code"),
    )

    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    created_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ItemRead(ItemBase):
    """An item as the API returns it."""

    id: int
