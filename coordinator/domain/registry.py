"""Pure validation of the item list and the two registries (一单两库).

Every registry record arrives as text (a web form, a JSON body, an Excel or
CSV row) and is checked here, field by field, into plain Python values. Each
problem is a `FieldError` naming the field, the value as given and the
reason in Chinese, so a form shows it next to the field and an import report
lists it by row and column. Nothing here touches the database: whether an
item code or a department exists is checked by the workflow.

Choices (statuses, grades, methods) accept the stored code or its Chinese
label, so an exported sheet (labels) imports back unchanged. Ratios are
decimal strings between 0 and 1 or percentages ("5%"), stored as a canonical
decimal string (never a float).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from coordinator.domain.errors import DomainError
from coordinator.domain.uscc import InvalidUSCC, validate_uscc

RISK_GRADES = {"A": "A类", "B": "B类", "C": "C类", "D": "D类", "-": "未评级"}
TARGET_STATUSES = {
    "active": "存续",
    "deregistered": "注销",
    "revoked": "吊销",
    "cancelled": "撤销",
    "moved_out": "迁出",
}
ITEM_LEVELS = {"general": "一般", "key": "重点"}
REVIEW_STATES = {"draft": "草稿", "reviewed": "已法制审核", "published": "已发布"}
# draft → legally reviewed (法制审核) → published; a published item goes back to draft to be revised.
REVIEW_TRANSITIONS = {"draft": ("reviewed",), "reviewed": ("published", "draft"), "published": ("draft",)}
CHECK_METHODS = {
    "onsite": "现场检查",
    "document": "书面检查",
    "online": "网络监测",
    "testing": "委托检验检测",
    "professional": "专业机构",
}
NOTICE_MODES = {"advance": "预先告知", "unannounced": "不预先告知"}
YES_NO = {"1": "是", "0": "否"}

ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
# A registry id for an object that has no USCC (a site, a vehicle, a stall): a prefix and digits.
REGISTRY_ID = re.compile(r"^[A-Z]{1,4}-[0-9A-Z-]{1,30}$")
CERTIFICATE_NO = re.compile(r"^[0-9A-Za-z-]{4,32}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+\- ]{5,20}$")
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")
ALL_DIGITS = re.compile(r"^[0-9]+(\.0+)?$|^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$")


@dataclass(frozen=True)
class FieldError:
    """One problem: which field, the value as given, why (Chinese)."""

    field: str
    value: str
    message_zh: str


class RegistryInvalid(DomainError):
    """A record (or an import file) has problems; `errors` lists each one."""

    def __init__(self, errors: list[Any], *, what: str = "record") -> None:
        self.errors = errors
        first = errors[0].message_zh if errors else ""
        super().__init__(
            f"{what} is invalid ({len(errors)} problem(s))",
            message_zh=f"共有{len(errors)}处错误：{first}" if len(errors) > 1 else first or "数据有误",
        )


@dataclass
class Checker:
    """Collects the errors of one record while its fields are parsed."""

    raw: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        return "" if value is None else str(value).strip()

    def fail(self, name: str, message_zh: str) -> None:
        self.errors.append(FieldError(name, self.text(name), message_zh))

    def required(self, name: str, label: str, *, max_len: int = 200) -> str:
        value = self.text(name)
        if not value:
            self.fail(name, f"{label}不能为空")
        elif len(value) > max_len:
            self.fail(name, f"{label}不能超过{max_len}个字")
        return value

    def optional(self, name: str, label: str, *, max_len: int = 500) -> str:
        value = self.text(name)
        if len(value) > max_len:
            self.fail(name, f"{label}不能超过{max_len}个字")
        return value

    def choice(self, name: str, label: str, choices: dict[str, str], default: str | None = None) -> str:
        value = self.text(name)
        if not value and default is not None:
            return default
        code = parse_choice(value, choices)
        if code is None:
            allowed = "、".join(choices.values())
            self.fail(name, f"{label}“{value}”无效，应为：{allowed}" if value else f"{label}不能为空")
            return default or ""
        return code

    def flag(self, name: str, label: str, default: bool) -> bool:
        value = self.text(name).lower()
        if not value:
            return default
        if value in ("1", "true", "yes", "on", "是", "y"):
            return True
        if value in ("0", "false", "no", "off", "否", "n"):
            return False
        self.fail(name, f"{label}应填“是”或“否”")
        return default

    def date(self, name: str, label: str, *, required: bool = False) -> dt.date | None:
        value = self.text(name)
        if not value:
            if required:
                self.fail(name, f"{label}不能为空")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.fail(name, f"{label}“{value}”不是有效日期，应为 YYYY-MM-DD 格式")
        return parsed

    def choices(self, name: str, label: str, choices: dict[str, str]) -> list[str]:
        codes: list[str] = []
        for part in split_list(self.text(name)):
            code = parse_choice(part, choices)
            if code is None:
                self.fail(name, f"{label}“{part}”无效，应为：{'、'.join(choices.values())}")
            elif code not in codes:
                codes.append(code)
        return sorted(codes, key=list(choices).index)


def parse_choice(value: str, choices: dict[str, str]) -> str | None:
    """The code of `value` given as a code or as its Chinese label; None if neither."""
    if value in choices:
        return value
    for code, label in choices.items():
        if value == label:
            return code
    if choices is RISK_GRADES and value in ("未评", "无", "未分级", "—", ""):
        return "-"
    return None


def split_list(value: str) -> list[str]:
    """Items of a list typed as text, separated by 、 , ， ; ； or new lines."""
    return [part.strip() for part in LIST_SEPARATORS.split(value or "") if part.strip()]


def join_list(values: list[str]) -> str:
    return "、".join(values)


def parse_date(value: str) -> dt.date | None:
    """A date from YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD, or an ISO date-time at midnight)."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]00:00(:00)?", text):
        text = text[:10]
    text = text.replace("/", "-").replace(".", "-")
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_ratio(value: str) -> str | None:
    """A sample ratio as a canonical decimal string in [0, 1], from "0.05" or "5%"; None if bad."""
    text = value.strip().replace("％", "%")
    try:
        number = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number > 1:
        return None
    canonical = format(number.normalize(), "f")
    return "0" if canonical in ("0", "-0") else canonical


def looks_numeric_code(value: str) -> bool:
    """Whether a code looks like a number Excel mangled (scientific notation or a trailing .0)."""
    return bool(ALL_DIGITS.match(value.strip())) and not value.strip().isdigit()


def check_target_id(value: str) -> str | None:
    """None if `value` is a valid USCC or registry id; otherwise the reason in Chinese."""
    if not value:
        return "统一社会信用代码不能为空"
    if looks_numeric_code(value):
        return "统一社会信用代码被 Excel 存成了数字（丢失位数），请把该列设置为“文本”格式后重新填写"
    if REGISTRY_ID.match(value):
        return None
    try:
        validate_uscc(value)
    except InvalidUSCC as exc:
        return exc.reason_zh
    return None


def validate_target(raw: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """A target (检查对象) from text fields: (values, errors)."""
    c = Checker(raw)
    uscc = c.text("uscc")
    reason = check_target_id(uscc)
    if reason:
        c.fail("uscc", reason)
    values = {
        "uscc": uscc,
        "name": c.required("name", "名称"),
        "legal_representative": c.optional("legal_representative", "法定代表人", max_len=50),
        "address": c.optional("address", "地址", max_len=200),
        "street": c.optional("street", "街道", max_len=50),
        "industry": c.optional("industry", "行业", max_len=100),
        "risk_grade": c.choice("risk_grade", "信用风险分类", RISK_GRADES, default="-"),
        "status": c.choice("status", "登记状态", TARGET_STATUSES, default="active"),
        "contact_name": c.optional("contact_name", "联系人", max_len=50),
        "contact_phone": _phone(c, "contact_phone", "联系电话"),
        "contact_email": _email(c),
        "item_codes": sorted(set(split_list(c.text("item_codes")))),
    }
    return values, c.errors


def _email(c: Checker) -> str:
    value = c.optional("contact_email", "电子邮箱", max_len=200)
    if value and not EMAIL.match(value):
        c.fail("contact_email", f"电子邮箱“{value}”格式不正确")
    return value


def target_id_kind(value: str) -> str:
    """"registry" for a registry id (no USCC), else "uscc"."""
    return "registry" if REGISTRY_ID.match(value) else "uscc"


def _phone(c: Checker, name: str, label: str) -> str:
    value = c.text(name)
    if value and not PHONE.match(value):
        c.fail(name, f"{label}“{value}”格式不正确")
    return value


def validate_inspector(raw: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """An inspector (执法检查人员) from text fields: (values, errors)."""
    c = Checker(raw)
    cert = c.text("certificate_no")
    if not cert:
        c.fail("certificate_no", "执法证号不能为空")
    elif looks_numeric_code(cert):
        c.fail("certificate_no", "执法证号被 Excel 存成了数字，请把该列设置为“文本”格式后重新填写")
    elif not CERTIFICATE_NO.match(cert):
        c.fail("certificate_no", f"执法证号“{cert}”格式不正确（4–32位字母、数字或-）")
    values = {
        "certificate_no": cert,
        "name": c.required("name", "姓名", max_len=50),
        "position": c.optional("position", "职务", max_len=50),
        "tags": sorted(set(split_list(c.text("tags")))),
        "certificate_expires": c.date("certificate_expires", "执法证有效期至", required=True),
        "can_lead": c.flag("can_lead", "可任组长", False),
        "phone": _phone(c, "phone", "联系电话"),
        "active": c.flag("active", "在岗", True),
    }
    return values, c.errors


def validate_item(raw: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """An inspection item (抽查事项) from text fields: (values, errors)."""
    c = Checker(raw)
    code = c.text("code")
    if not code:
        c.fail("code", "事项编码不能为空")
    elif not ITEM_CODE.match(code):
        c.fail("code", f"事项编码“{code}”格式不正确（字母、数字、-、_、.，不超过40位）")
    ratios = {grade: _ratio(c, f"ratio_{_grade_key(grade)}", label) for grade, label in RISK_GRADES.items()}
    ratios = {grade: r for grade, r in ratios.items() if r is not None}
    count = _count(c)
    if ratios and count is not None:
        c.fail("fixed_count", "抽查比例与固定抽查数量只能填写一种")
    values = {
        "code": code,
        "name": c.required("name", "事项名称"),
        "on_random_list": c.flag("on_random_list", "纳入随机抽查", True),
        "review_state": c.choice("review_state", "审核状态", REVIEW_STATES, default="draft"),
        "sub_items": c.optional("sub_items", "检查子项", max_len=2000),
        "legal_basis": c.optional("legal_basis", "检查依据", max_len=2000),
        "object_type": c.optional("object_type", "检查对象类型", max_len=100),
        "level": c.choice("level", "事项类别", ITEM_LEVELS, default="general"),
        "check_methods": c.choices("check_methods", "检查方式", CHECK_METHODS),
        "ratios": ratios,
        "fixed_count": count,
        "frequency": c.optional("frequency", "抽查频次", max_len=100),
        "required_tags": sorted(set(split_list(c.text("required_tags")))),
        "notice_mode": c.choice("notice_mode", "告知方式", NOTICE_MODES, default="advance"),
        "materials": c.optional("materials", "需准备材料", max_len=2000),
    }
    return values, c.errors


def _grade_key(grade: str) -> str:
    return "none" if grade == "-" else grade.lower()


RATIO_FIELDS = {grade: f"ratio_{_grade_key(grade)}" for grade in RISK_GRADES}


def _ratio(c: Checker, name: str, label: str) -> str | None:
    value = c.text(name)
    if not value:
        return None
    ratio = parse_ratio(value)
    if ratio is None:
        c.fail(name, f"{label}抽查比例“{value}”无效，应为0到1之间的小数（如0.05）或百分比（如5%）")
    return ratio


def _count(c: Checker) -> int | None:
    value = c.text("fixed_count")
    if not value:
        return None
    if not value.isdigit() or int(value) > 1_000_000:
        c.fail("fixed_count", f"固定抽查数量“{value}”应为非负整数")
        return None
    return int(value)


def validate_period(raw: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """An unavailability period (from–to inclusive, reason)."""
    c = Checker(raw)
    start = c.date("date_from", "开始日期", required=True)
    end = c.date("date_to", "结束日期", required=True)
    if start and end and end < start:
        c.fail("date_to", "结束日期不能早于开始日期")
    return {"date_from": start, "date_to": end, "reason": c.optional("reason", "原因", max_len=200)}, c.errors


def check_review_transition(current: str, new: str) -> str | None:
    """None if the item may move from `current` to `new` review state; else the reason."""
    if current == new or new in REVIEW_TRANSITIONS.get(current, ()):
        return None
    return f"审核状态不能从“{REVIEW_STATES.get(current, current)}”改为“{REVIEW_STATES.get(new, new)}”"
