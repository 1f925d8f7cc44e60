"""Realistic synthetic `jic-scenario/1` rounds, deterministic from a seed (tests and benchmarks).

`generate_scenario(targets=, departments=, inspectors=, seed=, tight=)` builds a
round in 2026 for a Guangzhou-like district: several departments whose target
lists overlap, credit grades in realistic shares (A 30%, B 45%, C 15%, D 5%,
ungraded 5%), a few inactive firms, last year's history (some of it inside the
exclusion and recusal windows), qualification tags each held by 20–40% of a
department's inspectors, leave, certificates that expire during the window,
conflicts of interest and forbidden pairs. The per-round cap is set so that
the inspectors' capacity is 10–30% above the expected demand.

With `tight=True` one department's second item needs a qualification only one
inspector holds (a team needs `team_size`), so its slots cannot be staffed, and
capacity is set at 90–100% of demand.

All randomness comes from `coordinator.seeded.SeededStream`: the same
arguments give the same bytes on every machine.
"""

from __future__ import annotations

import datetime as dt
import math

from coordinator.domain.uscc import ALPHABET, check_character
from coordinator.seeded import SeededStream

DEPARTMENTS = [
    ("SCJG", "市场监督管理局", ["食品", "特种设备", "药品"]),
    ("XF", "消防救援大队", ["消防设施", "高层建筑", "电气火灾"]),
    ("YJGL", "应急管理局", ["危险化学品", "工贸安全", "粉尘防爆"]),
    ("STHJ", "生态环境局", ["水污染", "大气污染", "危险废物"]),
    ("WSJK", "卫生健康委员会", ["公共场所卫生", "职业卫生", "生活饮用水"]),
    ("ZJ", "住房和城乡建设局", ["建筑施工", "燃气", "物业"]),
    ("WHLY", "文化广电旅游体育局", ["演出场所", "网吧", "旅行社"]),
    ("SW", "商务局", ["成品油", "单用途预付卡", "再生资源"]),
]
ITEM_NAMES = ["日常监督检查", "专项安全检查"]
STREETS = ["新华街道", "炭步镇", "赤坭镇", "花东镇", "梯面镇", "狮岭镇", "秀全街道", "新雅街道",
           "花城街道", "新街街道", "雅瑶镇", "花山镇"]
NAME_HEADS = ["瑞和", "发泰", "祥佳", "福盛", "美新", "恒达", "金利", "永安", "华晨", "兴隆", "嘉禾", "宏图"]
NAME_TAILS = ["超市", "餐饮店", "农资店", "便利店", "五金店", "药房", "酒店", "加油站", "汽修厂", "印刷厂"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
DISTRICTS = ["越秀区", "海珠区", "荔湾区", "天河区", "白云区", "黄埔区", "花都区", "番禺区"]
AREAS = ["440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114", "440115", "440117"]
RISKS = ["A", "B", "C", "D", None]
RISK_WEIGHTS = [0.30, 0.45, 0.15, 0.05, 0.05]
INACTIVE = ["deregistered", "revoked", "cancelled", "moved_out"]
RATIOS = {"A": "3%", "B": "5%", "C": "0.1", "D": "20%", "-": "5%"}
TEAM_SIZE = 2


def make_uscc(stream: SeededStream) -> str:
    """A valid 18-character USCC: registration type, area code, organisation code, check character."""
    head = stream.choice(["91", "91", "91", "92", "93", "52"]) + stream.choice(AREAS)
    body = "".join(stream.choice(ALPHABET) for _ in range(9))
    return head + body + check_character(head + body)


def _departments(count: int) -> list[tuple[str, str, list[str]]]:
    chosen = DEPARTMENTS[:count]
    for k in range(len(chosen), count):
        chosen.append((f"BM{k + 1:02d}", f"第{k + 1}部门", [f"资质{k + 1}A", f"资质{k + 1}B", f"资质{k + 1}C"]))
    return chosen


def _items(stream: SeededStream, departments, tight: bool) -> list[dict]:
    items = []
    for k, (code, _, tags) in enumerate(departments):
        items.append({"code": f"{code}-01", "department": code, "name": ITEM_NAMES[0],
                      "ratio": dict(RATIOS), "required_tags": []})
        second = {"code": f"{code}-02", "department": code, "name": ITEM_NAMES[1]}
        if k % 2:
            second["count"] = 0  # filled in once the list length is known
        else:
            second["ratio"] = {"A": "1%", "B": "2%", "C": "5%", "D": "10%"}
        second["required_tags"] = ["稀缺资质"] if tight and k == len(departments) - 1 else [stream.choice(tags)]
        items.append(second)
    return items


def _round(stream: SeededStream, seed: int, targets: int) -> dict:
    start = dt.date(2026, 3 + stream.below(8), 1 + stream.below(20))
    end = start + dt.timedelta(days=27 + 7 * stream.below(3))
    return {
        "id": f"GEN-{seed}-{targets}",
        "name": f"{start.year}年{start.month}月跨部门联合抽查（合成数据，种子{seed}）",
        "lead_department": DEPARTMENTS[0][0],
        "planning_date": (start - dt.timedelta(days=10)).isoformat(),
        "window": {"start": start.isoformat(), "end": end.isoformat()},
        "notice_working_days": 3,
        "team_size": TEAM_SIZE,
        "max_visits_per_inspector_per_day": 4,
        "max_visits_per_inspector": 20,
        "exclusion_days": 365,
        "recusal_days": 730,
        "annual_cap": 3,
    }


def _target(stream: SeededStream, uid: str, departments, items_by_dept, shares, start: dt.date) -> dict:
    """One firm; history teams are raw numbers until the staff sizes are known (`_name_history_teams`)."""
    codes = []
    for (code, _, _), share in zip(departments, shares, strict=True):
        if stream.chance(share):
            first, second = items_by_dept[code]
            codes.append(first)
            if stream.chance(0.4):
                codes.append(second)
    if not codes:
        codes.append(items_by_dept[stream.choice(departments)[0]][0])
    history = []
    for code in codes:
        if stream.chance(0.2):
            dept = code.rsplit("-", 1)[0]
            day = start - dt.timedelta(days=200 + stream.below(300))
            team = [stream.next_u64(), stream.next_u64()]
            history.append({"department": dept, "item": code, "date": day.isoformat(), "inspectors": team})
    history.sort(key=lambda h: (h["date"], h["item"]))
    status = "active" if stream.chance(0.97) else stream.choice(INACTIVE)
    return {
        "id": uid,
        "name": stream.choice(DISTRICTS) + stream.choice(NAME_HEADS) + stream.choice(NAME_TAILS),
        "street": stream.choice(STREETS),
        "risk": stream.weighted(RISKS, RISK_WEIGHTS),
        "status": status,
        "items": sorted(codes),
        "history": history,
    }


def _staff_sizes(total: int, weights: list[float]) -> list[int]:
    """At least team_size + 1 per department, the rest in proportion to demand."""
    base = TEAM_SIZE + 1
    spare = max(0, total - base * len(weights))
    whole = sum(weights) or 1.0
    sizes = [base + int(spare * w / whole) for w in weights]
    sizes[0] += max(0, total - sum(sizes))
    return sizes


def _inspectors(stream: SeededStream, departments, sizes, start: dt.date, end: dt.date, tight: bool) -> list[dict]:
    out = []
    for k, ((code, _, tags), size) in enumerate(zip(departments, sizes, strict=True)):
        ids = [f"44011{k:02d}{j:04d}" for j in range(size)]
        # Each tag is held by 20–40% of the department (at least one inspector).
        held = {tag: set(stream.sample(ids, max(1, math.ceil(0.2 * size), int(size * (0.2 + 0.2 * stream.uniform())))))
                for tag in tags}
        if tight and k == len(departments) - 1:
            held["稀缺资质"] = {ids[0]}
        for j, uid in enumerate(ids):
            unavailable = []
            if stream.chance(0.15):
                leave = start + dt.timedelta(days=stream.below(max(1, (end - start).days)))
                unavailable.append({"from": leave.isoformat(),
                                    "to": (leave + dt.timedelta(days=1 + stream.below(5))).isoformat(),
                                    "reason": stream.choice(["培训", "年休假", "病假", "出差"])})
            expires = start + dt.timedelta(days=10 + stream.below(20)) if stream.chance(0.05) \
                else dt.date(2027 + stream.below(3), 12, 31)
            out.append({
                "id": uid, "department": code,
                "name": stream.choice(SURNAMES) + stream.choice(GIVEN) + (stream.choice(GIVEN) if stream.chance(0.6) else ""),
                "tags": sorted(t for t in held if uid in held[t]),
                "certificate_expires": expires.isoformat(),
                "can_lead": j < 2 or stream.chance(0.4),
                "unavailable": unavailable,
            })
    return out


def _ratio(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _eligible_items(target: dict, since: str) -> list[str]:
    """The items whose population may hold this target (active, not inspected for it since `since`)."""
    if target["status"] != "active":
        return []
    recent = {h["item"] for h in target["history"] if h["date"] >= since}
    return [code for code in target["items"] if code not in recent]


def _expected_slots(targets: list[dict], items: list[dict], since: str) -> dict[str, float]:
    """Expected (visit, department) slots per department.

    The draw coordinates the items of a department (one key), so a target on
    two of its lists is visited with probability about max(n/N), not the sum.
    """
    counts: dict[tuple[str, str], int] = {}
    for t in targets:
        for code in _eligible_items(t, since):
            key = (code, t["risk"] or "-")
            counts[key] = counts.get(key, 0) + 1
    chance: dict[tuple[str, str], float] = {}
    for it in items:
        listed = sum(c for (code, _), c in counts.items() if code == it["code"])
        for (code, stratum), c in counts.items():
            if code != it["code"]:
                continue
            if "ratio" in it:
                chance[code, stratum] = math.ceil(c * _ratio(it["ratio"][stratum])) / c if stratum in it["ratio"] else 0.0
            else:
                chance[code, stratum] = min(it["count"], listed) / listed
    department = {it["code"]: it["department"] for it in items}
    demand = {it["department"]: 0.0 for it in items}
    for t in targets:
        best: dict[str, float] = {}
        for code in _eligible_items(t, since):
            p = chance.get((code, t["risk"] or "-"), 0.0)
            best[department[code]] = max(best.get(department[code], 0.0), p)
        for dept, p in best.items():
            demand[dept] += p
    return demand


def _name_history_teams(rows: list[dict], staff: dict[str, list[str]]) -> None:
    """Turn each history entry's two raw numbers into two distinct inspectors of its department."""
    for t in rows:
        for entry in t["history"]:
            ids = staff[entry["department"]]
            a, b = entry["inspectors"]
            first = a % len(ids)
            second = b % (len(ids) - 1)
            second += second >= first
            entry["inspectors"] = sorted([ids[first], ids[second]])


def generate_scenario(*, targets: int, departments: int, inspectors: int, seed: int, tight: bool = False) -> dict:
    """A `jic-scenario/1` object (see the module docstring for what is realistic about it)."""
    if targets < 1 or departments < 1 or inspectors < departments * (TEAM_SIZE + 1):
        raise ValueError(f"need targets >= 1, departments >= 1 and inspectors >= {TEAM_SIZE + 1} per department")
    stream = SeededStream(seed)
    depts = _departments(departments)
    rnd = _round(stream, seed, targets)
    start = dt.date.fromisoformat(rnd["window"]["start"])
    end = dt.date.fromisoformat(rnd["window"]["end"])
    items = _items(stream, depts, tight)
    items_by_dept = {code: (f"{code}-01", f"{code}-02") for code, _, _ in depts}
    shares = [0.3 + 0.3 * stream.uniform() for _ in depts]
    seen: set[str] = set()
    rows = []
    while len(rows) < targets:
        uid = make_uscc(stream)
        if uid not in seen:
            seen.add(uid)
            rows.append(_target(stream, uid, depts, items_by_dept, shares, start))
    for it in items:
        if "count" in it:
            listed = sum(1 for t in rows if it["code"] in t["items"])
            it["count"] = max(1, listed // 40)
    since = (start - dt.timedelta(days=rnd["exclusion_days"])).isoformat()
    demand = _expected_slots(rows, items, since)
    sizes = _staff_sizes(inspectors, [demand[code] for code, _, _ in depts])
    staff = {code: [f"44011{k:02d}{j:04d}" for j in range(size)] for k, ((code, _, _), size) in enumerate(zip(depts, sizes))}
    _name_history_teams(rows, staff)
    people = _inspectors(stream, depts, sizes, start, end, tight)
    _set_caps(stream, rnd, demand, dict(zip([d[0] for d in depts], sizes)), start, end, tight)
    return {
        "format": "jic-scenario/1",
        "round": rnd,
        "draw": _draw(stream, start),
        "calendar": {"extra_holidays": [], "extra_workdays": [], "years": []},
        "departments": [{"code": code, "name": name} for code, name, _ in depts],
        "items": items,
        "targets": rows,
        "inspectors": people,
        "conflicts": _conflicts(stream, rows, people),
    }


def _set_caps(stream, rnd: dict, demand: dict[str, float], sizes: dict[str, int], start, end, tight: bool) -> None:
    """Per-round cap so that capacity is 10–30% above demand (90–100% when tight); per-day cap to match."""
    factor = (0.9 + 0.1 * stream.uniform()) if tight else (1.1 + 0.15 * stream.uniform())
    need = max(demand[d] * TEAM_SIZE * factor / sizes[d] for d in sizes)  # the busiest department sets it
    cap = max(1, math.ceil(need))
    workdays = max(1, int((end - start).days * 5 / 7) - 2)
    rnd["max_visits_per_inspector"] = cap
    rnd["max_visits_per_inspector_per_day"] = max(4, math.ceil(1.5 * cap / workdays))


def _draw(stream: SeededStream, start: dt.date) -> dict:
    issue = 2026000 + start.timetuple().tm_yday // 2
    reds = sorted(stream.sample(list(range(1, 34)), 6))
    blue = 1 + stream.below(16)
    return {"entropy_source": f"中国福利彩票双色球 第{issue}期开奖号码",
            "entropy": " ".join(f"{n:02d}" for n in reds) + f" + {blue:02d}"}


def _conflicts(stream: SeededStream, rows: list[dict], people: list[dict]) -> dict:
    by_dept: dict[str, list[str]] = {}
    for p in people:
        by_dept.setdefault(p["department"], []).append(p["id"])
    pairs: set[tuple[str, str]] = set()
    for dept in sorted(by_dept):
        ids = by_dept[dept]
        for _ in range(max(1, len(ids) // 8)):
            a, b = sorted(stream.sample(ids, 2))
            pairs.add((a, b))
    links: set[tuple[str, str]] = set()
    for _ in range(max(1, len(people) // 3)):
        links.add((stream.choice(people)["id"], stream.choice(rows)["id"]))
    return {"inspector_target": [list(p) for p in sorted(links)], "inspector_pairs": [list(p) for p in sorted(pairs)]}
