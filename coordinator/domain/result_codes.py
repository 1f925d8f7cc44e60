"""The result code table (抽查检查结果类别): what an inspector records per item.

The table is data (`data/result_codes.json`: code, Chinese label, parent), so
the office can read it and an auditor can diff it; this module loads it once
and answers lookups. The codes follow the national result categories:
"1" 未发现问题, "A" 发现问题待后续处理 with its sub-codes (B, C, 6, D, 3, 4,
5, G), "E" 发现问题经责令已改正, and the codes that say the check could not
happen or the firm has left business (F, 7, 8, 9–12).

`is_problem` is true exactly for the A family (a problem awaiting follow-up);
`status_after` maps 注销/被吊销/被撤销/迁出 to the target status they imply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coordinator.domain.errors import DomainError

RESULT_CODES_PATH = Path(__file__).resolve().parents[2] / "data" / "result_codes.json"
FORMAT = "jic-result-codes/1"
PROBLEM_ROOT = "A"
NO_PROBLEM = "1"
# A result that says the firm has left business implies this target status.
STATUS_AFTER = {"9": "deregistered", "10": "revoked", "11": "cancelled", "12": "moved_out"}


@dataclass(frozen=True)
class ResultCode:
    """One category: its code, Chinese label and parent code (None at the top level)."""

    code: str
    label: str
    parent: str | None

    @property
    def is_problem(self) -> bool:
        """Whether the category is 发现问题待后续处理 or one of its sub-codes."""
        return self.code == PROBLEM_ROOT or self.parent == PROBLEM_ROOT


class UnknownResultCode(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown result code {code!r}", message_zh=f"检查结果代码“{code}”不存在")


class ResultCodeTableInvalid(ValueError):
    """The data file breaks the table's own rules (duplicate code, unknown parent, ...)."""


def parse_table(raw: dict) -> tuple[ResultCode, ...]:
    """The codes of a `jic-result-codes/1` document, in file order, checked for consistency."""
    if raw.get("format") != FORMAT:
        raise ResultCodeTableInvalid(f"format must be {FORMAT!r}, got {raw.get('format')!r}")
    codes = tuple(
        ResultCode(code=str(row["code"]), label=str(row["label"]), parent=row.get("parent"))
        for row in raw.get("codes", [])
    )
    seen: set[str] = set()
    for entry in codes:
        if not entry.code or not entry.label:
            raise ResultCodeTableInvalid(f"empty code or label in {entry!r}")
        if entry.code in seen:
            raise ResultCodeTableInvalid(f"duplicate code {entry.code!r}")
        seen.add(entry.code)
    top_level = {entry.code for entry in codes if entry.parent is None}
    for entry in codes:
        # One level of nesting only: a parent must itself be a top-level code.
        if entry.parent is not None and entry.parent not in top_level:
            raise ResultCodeTableInvalid(f"code {entry.code!r} has unknown parent {entry.parent!r}")
    return codes


@lru_cache(maxsize=1)
def result_codes() -> tuple[ResultCode, ...]:
    """Every result code, in the table's order (loaded once from `data/result_codes.json`)."""
    with RESULT_CODES_PATH.open(encoding="utf-8") as handle:
        return parse_table(json.load(handle))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, ResultCode]:
    return {entry.code: entry for entry in result_codes()}


def lookup(code: str) -> ResultCode:
    """The category of `code`; raises `UnknownResultCode` for anything not in the table."""
    entry = _by_code().get(code)
    if entry is None:
        raise UnknownResultCode(code)
    return entry


def is_known(code: str) -> bool:
    return code in _by_code()


def label(code: str) -> str:
    """The Chinese label of `code` (raises `UnknownResultCode`)."""
    return lookup(code).label


def is_problem(code: str) -> bool:
    """Whether `code` is in the 发现问题待后续处理 family (raises `UnknownResultCode`)."""
    return lookup(code).is_problem


def children(code: str) -> tuple[ResultCode, ...]:
    """The sub-codes of `code`, in table order (empty for a leaf)."""
    return tuple(entry for entry in result_codes() if entry.parent == code)


def status_after(code: str) -> str | None:
    """The target status a result implies (注销 → deregistered, ...), None if it implies none."""
    lookup(code)
    return STATUS_AFTER.get(code)


def display(code: str) -> str:
    """`label[code]`, the way the code table is usually printed (e.g. 未发现问题[1])."""
    return f"{label(code)}[{code}]"
