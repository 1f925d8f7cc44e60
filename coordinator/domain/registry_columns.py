"""The columns of each registry's import template and export, with their Chinese headers.

One table per kind (targets, inspectors, items) maps a field name (as
`coordinator.domain.registry` validates it) to the header a person sees in
Excel. Import, export, the web forms and the downloadable templates all read
these tables, so a sheet exported from a list imports back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from coordinator.domain.registry import (
    CHECK_METHODS,
    ITEM_LEVELS,
    NOTICE_MODES,
    RATIO_FIELDS,
    REVIEW_STATES,
    RISK_GRADES,
    TARGET_STATUSES,
)


@dataclass(frozen=True)
class Column:
    """One field of a registry: name, Chinese header, whether it must be filled, help text."""

    field: str
    header: str
    required: bool = False
    hint: str = ""
    choices: dict[str, str] | None = None
    multi: bool = False
    kind: str = "text"  # text, date, flag, long


TARGET_COLUMNS = (
    Column("uscc", "统一社会信用代码", True, "18位，字母大写；无代码的对象填登记编号（如 GT-0001）"),
    Column("name", "名称", True),
    Column("legal_representative", "法定代表人"),
    Column("address", "地址"),
    Column("street", "街道"),
    Column("industry", "行业"),
    Column("risk_grade", "信用风险分类", hint="A类/B类/C类/D类/未评级", choices=RISK_GRADES),
    Column("status", "登记状态", hint="存续/注销/吊销/撤销/迁出", choices=TARGET_STATUSES),
    Column("contact_name", "联系人"),
    Column("contact_phone", "联系电话"),
    Column("contact_email", "电子邮箱"),
    Column("item_codes", "抽查事项编码", hint="本部门事项编码，多个用、分隔", multi=True),
)

INSPECTOR_COLUMNS = (
    Column("certificate_no", "执法证号", True),
    Column("name", "姓名", True),
    Column("position", "职务"),
    Column("tags", "资格标签", hint="多个用、分隔", multi=True),
    Column("certificate_expires", "执法证有效期至", True, "YYYY-MM-DD", kind="date"),
    Column("can_lead", "可任组长", hint="是/否", kind="flag"),
    Column("phone", "联系电话"),
    Column("active", "在岗", hint="是/否", kind="flag"),
)

ITEM_COLUMNS = (
    Column("code", "事项编码", True),
    Column("name", "事项名称", True),
    Column("on_random_list", "纳入随机抽查", hint="是/否", kind="flag"),
    Column("review_state", "审核状态", hint="草稿/已法制审核/已发布", choices=REVIEW_STATES),
    Column("sub_items", "检查子项", kind="long"),
    Column("legal_basis", "检查依据", kind="long"),
    Column("object_type", "检查对象类型"),
    Column("level", "事项类别", hint="一般/重点", choices=ITEM_LEVELS),
    Column("check_methods", "检查方式", hint="、".join(CHECK_METHODS.values()), choices=CHECK_METHODS, multi=True),
    *(
        Column(name, f"{RISK_GRADES[grade]}抽查比例", hint="如 0.05 或 5%")
        for grade, name in RATIO_FIELDS.items()
    ),
    Column("fixed_count", "固定抽查数量", hint="与比例二选一"),
    Column("frequency", "抽查频次"),
    Column("required_tags", "资格要求", hint="检查人员须具备的资格标签，多个用、分隔", multi=True),
    Column("notice_mode", "告知方式", hint="预先告知/不预先告知", choices=NOTICE_MODES),
    Column("materials", "需准备材料", kind="long"),
)

COLUMNS = {"targets": TARGET_COLUMNS, "inspectors": INSPECTOR_COLUMNS, "items": ITEM_COLUMNS}
KEY_FIELD = {"targets": "uscc", "inspectors": "certificate_no", "items": "code"}
KIND_LABELS = {"targets": "检查对象", "inspectors": "执法检查人员", "items": "抽查事项"}


def column_by_header(kind: str) -> dict[str, Column]:
    return {column.header: column for column in COLUMNS[kind]}


def label_of(column: Column, value: object) -> str:
    """A stored value as the text a sheet or a page shows (labels for choices, 是/否 for flags)."""
    if value is None:
        return ""
    if column.kind == "flag":
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        if column.choices:
            return "、".join(column.choices.get(v, v) for v in value)
        return "、".join(str(v) for v in value)
    if column.choices:
        return column.choices.get(str(value), str(value))
    return str(value)
