"""Validation of an annual plan's lines (年度抽查计划), typed one item per line.

A line reads `事项编码|比例或数量|轮次|月份`, e.g. `SCJG-01|5%|2|3、9`: the
item, its sample ratio (decimal or percentage, as in the item list) or a
fixed count, how many rounds, and the months they run in (as many months as
rounds). Problems come back per line, in Chinese.
"""

from __future__ import annotations

from typing import Any

from coordinator.domain.registry import FieldError, parse_ratio, split_list

MAX_LINES = 200


def parse_plan_lines(text: str, known_items: dict[str, str]) -> tuple[list[dict[str, Any]], list[FieldError]]:
    """Plan entries from text lines, checked against the department's random-list items (code → name)."""
    entries: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        errors.append(FieldError("entries", "", "计划至少要有一个抽查事项"))
    for number, line in enumerate(lines[:MAX_LINES], start=1):
        entry, problems = _parse_line(line, known_items)
        for problem in problems:
            errors.append(FieldError("entries", line, f"第{number}行：{problem}"))
        if entry and entry["item_code"] in seen:
            errors.append(FieldError("entries", line, f"第{number}行：事项“{entry['item_code']}”重复"))
        if entry and not problems:
            seen.add(entry["item_code"])
            entries.append(entry)
    if len(lines) > MAX_LINES:
        errors.append(FieldError("entries", "", f"计划不能超过{MAX_LINES}行"))
    return entries, errors


def _parse_line(line: str, known_items: dict[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    parts = [p.strip() for p in line.replace("｜", "|").split("|")]
    if len(parts) != 4:
        return None, ["应为“事项编码|比例或数量|轮次|月份”四项，用|分隔"]
    code, amount, rounds_text, months_text = parts
    problems: list[str] = []
    if code not in known_items:
        problems.append(f"事项编码“{code}”不是本部门纳入随机抽查的事项")
    ratio, count = None, None
    if amount.isdigit():
        count = int(amount)
    else:
        ratio = parse_ratio(amount)
        if ratio is None:
            problems.append(f"比例或数量“{amount}”无效，应为0到1之间的小数、百分比或整数户数")
    rounds = int(rounds_text) if rounds_text.isdigit() else 0
    if not 1 <= rounds <= 12:
        problems.append(f"轮次“{rounds_text}”应为1到12之间的整数")
    months = [int(m) for m in split_list(months_text) if m.isdigit()]
    if len(months) != len(split_list(months_text)) or any(not 1 <= m <= 12 for m in months):
        problems.append(f"月份“{months_text}”应为1到12之间的整数，多个用、分隔")
    elif rounds and len(months) != rounds:
        problems.append(f"月份数（{len(months)}个）应与轮次（{rounds}）一致")
    entry = {"item_code": code, "item_name": known_items.get(code, ""), "ratio": ratio, "count": count,
             "rounds": rounds, "months": sorted(months)}
    return entry, problems


def plan_lines(entries: list[dict[str, Any]]) -> str:
    """Entries back as editable text lines."""
    lines = []
    for e in entries:
        amount = str(e["count"]) if e.get("count") is not None else str(e.get("ratio") or "")
        lines.append(f"{e['item_code']}|{amount}|{e['rounds']}|{'、'.join(str(m) for m in e['months'])}")
    return "\n".join(lines)
