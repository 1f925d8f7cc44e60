"""Why a slot stays unstaffed, in words a department understands.

The diagnosis walks the filters in the order a department would: who holds
the required qualifications, who is free of conflicts and recent visits of
the firm, who is available (and certified) on which days, and finally, on the
visit's day, who still has room under the caps and can serve together. It
names the tags, the number of inspectors short and the days concerned.
"""

from __future__ import annotations

from solver.assignment.explain import Loads
from solver.assignment.problem import Problem

MAX_DAYS_LISTED = 5


def _tags(tags) -> str:
    return "、".join(sorted(tags)) if tags else "-"


def _days(problem: Problem, indices: list[int]) -> str:
    listed = [problem.days[t].isoformat() for t in indices[:MAX_DAYS_LISTED]]
    more = len(indices) - len(listed)
    return ", ".join(listed) + (f" (+{more} more)" if more > 0 else "")


def diagnose(problem: Problem, si: int, t: int, loads: Loads, cap: int, needs_leader: bool) -> tuple[str, str]:
    """(English, Chinese) reason for an unstaffed slot on day index `t`."""
    slot = problem.slots[si]
    need = problem.team_size
    members = problem.by_department.get(slot.department, [])
    qualified = [i for i in members if slot.required_tags <= problem.inspectors[i].tags]
    if len(qualified) < need:
        short = need - len(qualified)
        return (
            f"{slot.department} needs {need} inspectors holding [{_tags(slot.required_tags)}]; "
            f"only {len(qualified)} of its {len(members)} inspectors hold them ({short} short)",
            f"需要{need}名具备「{_tags(slot.required_tags)}」资格的检查人员，本部门{len(members)}名中仅{len(qualified)}名具备，缺{short}名",
        )
    free = [i for i in qualified if slot.static_reason[i] is None]
    if len(free) < need:
        short = need - len(free)
        return (
            f"{slot.department}: of {len(qualified)} qualified inspectors {len(qualified) - len(free)} have a conflict "
            f"of interest with the firm or inspected it recently; {short} short",
            f"{len(qualified)}名具备资格的检查人员中有{len(qualified) - len(free)}名须回避（利害关系或近期检查过该对象），缺{short}名",
        )
    counts = [sum(problem.available[i][d] for i in free) for d in range(len(problem.days))]
    best = max(counts, default=0)
    if best < need:
        top = [d for d, c in enumerate(counts) if c == best]
        short = need - best
        return (
            f"{slot.department}: no working day of the window has {need} eligible inspectors available with a valid "
            f"certificate; at most {best} on {_days(problem, top)} ({short} short)",
            f"检查期内没有一个工作日有{need}名符合条件且在岗、证件有效的检查人员；最多{best}名（{_days(problem, top)}），缺{short}名",
        )
    return _on_the_day(problem, si, t, free, loads, cap, needs_leader)


def _on_the_day(problem, si, t, free, loads, cap, needs_leader) -> tuple[str, str]:
    slot = problem.slots[si]
    day = problem.days[t].isoformat() if t >= 0 else "-"
    there = [i for i in free if t >= 0 and problem.available[i][t]]
    room = [i for i in there if loads.total.get(i, 0) < cap and loads.day.get((i, t), 0) < problem.day_cap]
    need = problem.team_size
    if len(room) < need:
        short = need - len(room)
        return (
            f"{slot.department}: on {day} {len(there)} eligible inspectors are available but only {len(room)} are below "
            f"the caps ({problem.day_cap} a day, {cap} in the round); {short} short",
            f"{day}有{len(there)}名符合条件的检查人员在岗，但只有{len(room)}名未达上限（每日{problem.day_cap}次、本轮{cap}次），缺{short}名",
        )
    if needs_leader and not any(problem.inspectors[i].can_lead for i in room):
        return (
            f"{slot.department}: on {day} no inspector able to lead (can_lead) is eligible and below the caps",
            f"{day}没有可担任组长且符合条件、未达上限的检查人员",
        )
    return (
        f"{slot.department}: on {day} the {len(room)} eligible inspectors below the caps cannot form a team of {need} "
        f"without a forbidden pair",
        f"{day}未达上限的{len(room)}名符合条件检查人员无法组成{need}人小组（存在禁止同组的人员）",
    )
