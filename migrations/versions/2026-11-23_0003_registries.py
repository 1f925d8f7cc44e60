"""Registries (一单两库): items, targets and their item lists, inspectors, history.

`item` (抽查事项; ratios per credit-risk grade as decimal strings, or a fixed
count), `target` (检查对象, keyed by USCC or registry id) with `target_item`
(a target on an item's list, per department), `inspector` (执法检查人员,
keyed by 执法证号) with `inspector_unavailability`, `inspector_target_conflict`
and `inspector_pair_conflict`, and `inspection_record` (history) with
`inspection_record_inspector`. `inspection_record.round_id` gets its foreign
key when the rounds table arrives.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECLARANT_CHECK = "declarant_kind IN ('inspector', 'department', 'office', 'target')"


def _timestamps(*names: str) -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=False) for name in names]


def _create_item() -> None:
    op.create_table(
        "item",
        sa.Column("department_code", sa.String(32), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("on_random_list", sa.Boolean(), nullable=False),
        sa.Column("review_state", sa.String(16), nullable=False),
        sa.Column("sub_items", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("object_type", sa.String(100), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("check_methods", sa.JSON(), nullable=False),
        sa.Column("ratio_a", sa.String(16), nullable=True),
        sa.Column("ratio_b", sa.String(16), nullable=True),
        sa.Column("ratio_c", sa.String(16), nullable=True),
        sa.Column("ratio_d", sa.String(16), nullable=True),
        sa.Column("ratio_none", sa.String(16), nullable=True),
        sa.Column("fixed_count", sa.Integer(), nullable=True),
        sa.Column("frequency", sa.String(100), nullable=False),
        sa.Column("required_tags", sa.JSON(), nullable=False),
        sa.Column("notice_mode", sa.String(16), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        *_timestamps("created_at", "updated_at"),
        sa.CheckConstraint("level IN ('general', 'key')", name=op.f("ck_item_level")),
        sa.CheckConstraint(
            "notice_mode IN ('advance', 'unannounced')", name=op.f("ck_item_notice_mode")
        ),
        sa.CheckConstraint(
            "review_state IN ('draft', 'reviewed', 'published')", name=op.f("ck_item_review_state")
        ),
        sa.CheckConstraint(
            "fixed_count IS NULL OR (ratio_a IS NULL AND ratio_b IS NULL AND ratio_c IS NULL"
            " AND ratio_d IS NULL AND ratio_none IS NULL)",
            name=op.f("ck_item_ratio_or_count"),
        ),
        sa.CheckConstraint(
            "fixed_count IS NULL OR fixed_count >= 0", name=op.f("ck_item_fixed_count_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["department_code"], ["department.code"], name=op.f("fk_item_department_code_department")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("code", name=op.f("uq_item_code")),
        sa.UniqueConstraint("id", "department_code", name="uq_item_id_department_code"),
    )
    op.create_index(op.f("ix_item_department_code"), "item", ["department_code"])


def _create_target() -> None:
    op.create_table(
        "target",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("id_kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("legal_representative", sa.String(50), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("street", sa.String(50), nullable=False),
        sa.Column("industry", sa.String(100), nullable=False),
        sa.Column("risk_grade", sa.String(1), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contact_name", sa.String(50), nullable=False),
        sa.Column("contact_phone", sa.String(30), nullable=False),
        sa.Column("contact_email", sa.String(200), nullable=False),
        *_timestamps("created_at", "updated_at"),
        sa.CheckConstraint("id_kind IN ('uscc', 'registry')", name=op.f("ck_target_id_kind")),
        sa.CheckConstraint(
            "risk_grade IS NULL OR risk_grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_target_risk_grade")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'deregistered', 'revoked', 'cancelled', 'moved_out')",
            name=op.f("ck_target_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
    )
    op.create_index(op.f("ix_target_industry"), "target", ["industry"])
    op.create_index(op.f("ix_target_name"), "target", ["name"])
    op.create_index(op.f("ix_target_risk_grade"), "target", ["risk_grade"])
    op.create_index(op.f("ix_target_street"), "target", ["street"])
    op.create_index("ix_target_status_street_name", "target", ["status", "street", "name"])
    op.create_table(
        "target_item",
        sa.Column("target_id", sa.String(40), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("department_code", sa.String(32), nullable=False),
        *_timestamps("added_at"),
        sa.ForeignKeyConstraint(
            ["department_code"], ["department.code"],
            name=op.f("fk_target_item_department_code_department"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id", "department_code"], ["item.id", "item.department_code"],
            name="fk_target_item_item_id_item", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["target.id"], name=op.f("fk_target_item_target_id_target"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("target_id", "item_id", name=op.f("pk_target_item")),
    )
    op.create_index(
        "ix_target_item_department_code_target_id", "target_item", ["department_code", "target_id"]
    )
    op.create_index("ix_target_item_item_id", "target_item", ["item_id"])


def _inspector_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["inspector.certificate_no"], name=op.f(f"fk_{table}_{column}_inspector"), ondelete="CASCADE"
    )


def _declaration_columns() -> list[sa.Column]:
    return [
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("declarant_kind", sa.String(16), nullable=False),
        sa.Column("declared_by", sa.String(64), nullable=False),
        *_timestamps("declared_at"),
    ]


def _create_inspector() -> None:
    op.create_table(
        "inspector",
        sa.Column("certificate_no", sa.String(32), nullable=False),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("department_code", sa.String(32), nullable=False),
        sa.Column("position", sa.String(50), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("certificate_expires", sa.Date(), nullable=False),
        sa.Column("can_lead", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        *_timestamps("created_at", "updated_at"),
        sa.ForeignKeyConstraint(
            ["department_code"], ["department.code"], name=op.f("fk_inspector_department_code_department")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_inspector_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("certificate_no", name=op.f("pk_inspector")),
        sa.UniqueConstraint("user_id", name=op.f("uq_inspector_user_id")),
    )
    op.create_index("ix_inspector_department_code_name", "inspector", ["department_code", "name"])
    op.create_table(
        "inspector_unavailability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.String(32), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        *_timestamps("created_at"),
        sa.CheckConstraint("to_date >= from_date", name=op.f("ck_inspector_unavailability_ordered")),
        _inspector_fk("inspector_id", "inspector_unavailability"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspector_unavailability")),
    )
    op.create_index(
        "ix_inspector_unavailability_inspector_id_from_date",
        "inspector_unavailability", ["inspector_id", "from_date"],
    )


def _create_conflicts() -> None:
    op.create_table(
        "inspector_target_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.String(32), nullable=False),
        sa.Column("target_id", sa.String(40), nullable=False),
        *_declaration_columns(),
        sa.CheckConstraint(DECLARANT_CHECK, name=op.f("ck_inspector_target_conflict_declarant_kind")),
        _inspector_fk("inspector_id", "inspector_target_conflict"),
        sa.ForeignKeyConstraint(
            ["target_id"], ["target.id"],
            name=op.f("fk_inspector_target_conflict_target_id_target"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspector_target_conflict")),
        sa.UniqueConstraint("inspector_id", "target_id", name="uq_inspector_target_conflict_pair"),
    )
    op.create_index(
        op.f("ix_inspector_target_conflict_target_id"), "inspector_target_conflict", ["target_id"]
    )
    op.create_table(
        "inspector_pair_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspector_a_id", sa.String(32), nullable=False),
        sa.Column("inspector_b_id", sa.String(32), nullable=False),
        *_declaration_columns(),
        sa.CheckConstraint(DECLARANT_CHECK, name=op.f("ck_inspector_pair_conflict_declarant_kind")),
        sa.CheckConstraint("inspector_a_id < inspector_b_id", name=op.f("ck_inspector_pair_conflict_ordered")),
        _inspector_fk("inspector_a_id", "inspector_pair_conflict"),
        _inspector_fk("inspector_b_id", "inspector_pair_conflict"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspector_pair_conflict")),
        sa.UniqueConstraint("inspector_a_id", "inspector_b_id", name="uq_inspector_pair_conflict_pair"),
    )
    op.create_index(
        op.f("ix_inspector_pair_conflict_inspector_b_id"), "inspector_pair_conflict", ["inspector_b_id"]
    )


def _create_history() -> None:
    op.create_table(
        "inspection_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.String(40), nullable=False),
        sa.Column("department_code", sa.String(32), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("inspection_date", sa.Date(), nullable=False),
        sa.Column("result_code", sa.String(4), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        *_timestamps("created_at"),
        sa.ForeignKeyConstraint(
            ["department_code"], ["department.code"],
            name=op.f("fk_inspection_record_department_code_department"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id", "department_code"], ["item.id", "item.department_code"],
            name="fk_inspection_record_item_id_item",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["target.id"], name=op.f("fk_inspection_record_target_id_target")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_record")),
        sa.UniqueConstraint(
            "target_id", "item_id", "inspection_date", name="uq_inspection_record_target_item_date"
        ),
    )
    op.create_index(
        "ix_inspection_record_department_code_item_id_inspection_date",
        "inspection_record", ["department_code", "item_id", "inspection_date"],
    )
    op.create_index(op.f("ix_inspection_record_round_id"), "inspection_record", ["round_id"])
    op.create_index(
        "ix_inspection_record_target_id_inspection_date", "inspection_record", ["target_id", "inspection_date"]
    )
    op.create_table(
        "inspection_record_inspector",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspector_id"], ["inspector.certificate_no"],
            name=op.f("fk_inspection_record_inspector_inspector_id_inspector"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["inspection_record.id"],
            name=op.f("fk_inspection_record_inspector_record_id_inspection_record"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "inspector_id", name=op.f("pk_inspection_record_inspector")),
    )
    op.create_index(
        op.f("ix_inspection_record_inspector_inspector_id"), "inspection_record_inspector", ["inspector_id"]
    )


def upgrade() -> None:
    _create_item()
    _create_target()
    _create_inspector()
    _create_conflicts()
    _create_history()


def downgrade() -> None:
    # Dropping a table drops its indexes on both databases; children before parents.
    for table in (
        "inspection_record_inspector",
        "inspection_record",
        "inspector_pair_conflict",
        "inspector_target_conflict",
        "inspector_unavailability",
        "inspector",
        "target_item",
        "target",
        "item",
    ):
        op.drop_table(table)
