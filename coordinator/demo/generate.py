"""Generate the demo district (`data/demo/district.json`) deterministically.

`generate_district()` returns the whole district as plain data and
`render(district)` its canonical bytes: one record per line, keys in a fixed
order, so the checked-in file diffs well and `coordinator demo generate`
rewrites exactly the same bytes. All randomness comes from
`coordinator.seeded.SeededStream`, one stream per part (targets, inspectors,
conflicts, history), so changing one part does not reshuffle the others.

What comes out: the catalogue's departments and items; ≥ 5,000 targets
(valid USCCs with GB 32100-2015 check character and GB 11714 organisation
code check, plus objects with registry ids), their item-list memberships
(overlapping across departments by industry), ≥ 200 inspectors with
certificates, tags, leave and conflicts, last year's (2025) inspection
history with result codes, and the demo users. History comes from
`coordinator.demo.history`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from coordinator.demo import catalogue as cat
from coordinator.demo.history import generate_history
from coordinator.domain.uscc import check_character
from coordinator.seeded import SeededStream

FORMAT = "jic-demo-district/1"
SEED = 440105_2026
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "demo" / "district.json"
FIRM_COUNT = 6000
DEMO_PASSWORD = "demo-password-2026"
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def organisation_check(first8: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body."""
    def value(ch: str) -> int:
        return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10

    remainder = 11 - sum(value(ch) * w for ch, w in zip(first8, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def make_uscc(stream: SeededStream, kind: str) -> str:
    """A valid USCC of the district: 9 (market regulation) + kind + 440105 + organisation code + check."""
    body = "MA" + "".join(stream.choice(ORG_ALPHABET) for _ in range(6))
    org = body + organisation_check(body)  # the check is a digit or X, both in the USCC alphabet
    first17 = "9" + kind + cat.DISTRICT["area_code"] + org
    return first17 + check_character(first17)


def _person_name(stream: SeededStream) -> str:
    given = stream.choice(cat.GIVEN) + (stream.choice(cat.GIVEN) if stream.chance(0.7) else "")
    return stream.choice(cat.SURNAMES) + given


def _phone(stream: SeededStream, prefix: str) -> str:
    return prefix + "".join(str(stream.below(10)) for _ in range(11 - len(prefix)))


def _address(stream: SeededStream, roads: tuple[str, ...]) -> str:
    number = stream.between(1, 480)
    suffix = stream.choice(("", "", f"{stream.between(1, 30)}号铺", f"{stream.between(101, 2808)}房"))
    return f"{cat.DISTRICT['city']}{cat.DISTRICT['short_name']}{stream.choice(roads)}{number}号{suffix}"


def _firm_name(stream: SeededStream, industry: tuple, individual: bool, taken: set[str]) -> str:
    words = industry[3] if individual else cat.CORPORATE_WORDS.get(industry[0], industry[3])
    while True:
        brand = stream.choice(cat.BRAND_HEAD) + stream.choice(cat.BRAND_TAIL)
        word = stream.choice(words)
        if individual:
            name = f"{cat.DISTRICT['short_name']}{brand}{word}"
        else:
            name = f"{cat.DISTRICT['city']}{brand}{word}有限公司"
        if name in taken:
            name = name.replace(brand, brand + stream.choice(cat.BRAND_TAIL), 1)
        if name not in taken:
            taken.add(name)
            return name


def _memberships(stream: SeededStream, rules, enterprise: bool) -> list[str]:
    items = {code for code, p in rules if stream.chance(p)}
    if enterprise:
        items |= {code for code, p in cat.ENTERPRISE_ITEMS if stream.chance(p)}
    return sorted(items)


def _firm(stream: SeededStream, streets, taken_ids: set[str], taken_names: set[str]) -> dict[str, Any]:
    industry = stream.weighted(cat.INDUSTRIES, [row[1] for row in cat.INDUSTRIES])
    individual = stream.chance(industry[2])
    uscc = make_uscc(stream, "2" if individual else "1")
    while uscc in taken_ids:
        uscc = make_uscc(stream, "2" if individual else "1")
    taken_ids.add(uscc)
    street = stream.weighted(streets, [row[2] for row in streets])
    representative = _person_name(stream)
    email = f"demo{len(taken_ids):05d}@example.com" if stream.chance(0.25) else ""
    return {
        "id": uscc, "id_kind": "uscc", "name": _firm_name(stream, industry, individual, taken_names),
        "legal_representative": representative, "address": _address(stream, street[1]),
        "street": street[0], "industry": industry[0],
        "risk_grade": stream.weighted(cat.RISK_GRADES, cat.RISK_WEIGHTS),
        "status": stream.weighted(cat.STATUSES, cat.STATUS_WEIGHTS),
        "contact_name": representative if stream.chance(0.6) else _person_name(stream),
        "contact_phone": _phone(stream, "13"), "contact_email": email,
        "items": _memberships(stream, industry[4], enterprise=not individual),
    }


def _non_firms(stream: SeededStream, streets) -> list[dict[str, Any]]:
    objects = []
    for prefix, count, pattern, item, label in cat.NON_FIRMS:
        for n in range(1, count + 1):
            street = stream.weighted(streets, [row[2] for row in streets])
            road = stream.choice(street[1])
            objects.append({
                "id": f"{prefix}-{cat.HISTORY_YEAR}-{n:04d}", "id_kind": "registry",
                "name": pattern.format(road=road, n=n), "legal_representative": "",
                "address": _address(stream, (road,)), "street": street[0], "industry": label,
                "risk_grade": None, "status": "active", "contact_name": _person_name(stream),
                "contact_phone": _phone(stream, "13"), "contact_email": "", "items": [item],
            })
    return objects


def generate_targets(stream: SeededStream, count: int = FIRM_COUNT) -> list[dict[str, Any]]:
    """`count` firms plus the non-firm objects, sorted by id."""
    streets = cat.STREETS
    taken_ids: set[str] = set()
    taken_names: set[str] = set()
    firms = [_firm(stream, streets, taken_ids, taken_names) for _ in range(count)]
    return sorted(firms + _non_firms(stream, streets), key=lambda t: t["id"])


def _tags(stream: SeededStream, pool: tuple[str, ...]) -> list[str]:
    tags = [tag for tag in pool if stream.chance(0.45)]
    return sorted(tags or [stream.choice(pool)])


def _expiry(stream: SeededStream) -> str:
    # A few certificates run out during 2026 (the demo's planning year).
    year = 2026 if stream.chance(0.06) else stream.between(2027, 2030)
    return f"{year}-{stream.between(1, 12):02d}-{stream.between(1, 28):02d}"


def _leave(stream: SeededStream) -> list[dict[str, str]]:
    periods = []
    if stream.chance(0.04):
        start = 1 + stream.below(300)
        periods.append(_period(stream, 2025, start))
    if stream.chance(0.14):
        periods.append(_period(stream, 2026, 1 + stream.below(170)))
    return periods


def _period(stream: SeededStream, year: int, day_of_year: int) -> dict[str, str]:
    start = dt.date(year, 1, 1) + dt.timedelta(days=day_of_year - 1)
    end = start + dt.timedelta(days=stream.between(2, 14))
    return {"from": start.isoformat(), "to": end.isoformat(), "reason": stream.choice(cat.LEAVE_REASONS)}


def generate_inspectors(stream: SeededStream) -> list[dict[str, Any]]:
    """Every department's inspectors (certificate numbers 440105 + department no. + sequence)."""
    inspectors = []
    for number, (code, _, _, tags) in enumerate(cat.DEPARTMENTS, start=1):
        names: set[str] = set()
        for seq in range(1, cat.INSPECTOR_COUNTS[code] + 1):
            name = _person_name(stream)
            while name in names:
                name = _person_name(stream)
            names.add(name)
            position = stream.choice(cat.POSITIONS)
            inspectors.append({
                "certificate_no": f"{cat.DISTRICT['area_code']}{number:02d}{seq:04d}",
                "name": name, "department": code, "position": position,
                "tags": _tags(stream, tags), "certificate_expires": _expiry(stream),
                "can_lead": position in cat.LEAD_POSITIONS or stream.chance(0.1),
                "phone": _phone(stream, "139"), "active": not stream.chance(0.03),
                "unavailable": _leave(stream),
            })
    _ensure_tag_holders(inspectors)
    return inspectors


def _ensure_tag_holders(inspectors: list[dict[str, Any]], minimum: int = 4) -> None:
    """Every required tag is held by at least `minimum` active inspectors of its department."""
    for item in cat.ITEMS:
        staff = [i for i in inspectors if i["department"] == item["department"] and i["active"]]
        for tag in item["required_tags"]:
            holders = [i for i in staff if tag in i["tags"]]
            for inspector in [i for i in staff if tag not in i["tags"]][: max(0, minimum - len(holders))]:
                inspector["tags"] = sorted(inspector["tags"] + [tag])


def generate_conflicts(
    stream: SeededStream, inspectors: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Declared inspector ↔ target conflicts (targets on the inspector's department's lists) and pairs."""
    item_department = {item["code"]: item["department"] for item in cat.ITEMS}
    by_department: dict[str, list[str]] = {code: [] for code, *_ in cat.DEPARTMENTS}
    for target in targets:
        for code in sorted({item_department[c] for c in target["items"]}):
            by_department[code].append(target["id"])
    active = [i for i in inspectors if i["active"]]
    wanted, seen = 40, set()
    target_conflicts = []
    while len(target_conflicts) < wanted:
        inspector = stream.choice(active)
        target = stream.choice(by_department[inspector["department"]])
        if (inspector["certificate_no"], target) in seen:
            continue
        seen.add((inspector["certificate_no"], target))
        target_conflicts.append(_declaration(stream, inspector, {"inspector": inspector["certificate_no"], "target": target},
                                             cat.TARGET_CONFLICT_REASONS))
    return {
        "inspector_target": sorted(target_conflicts, key=lambda c: (c["inspector"], c["target"])),
        "inspector_pairs": _pair_conflicts(stream, active),
    }


def _pair_conflicts(stream: SeededStream, active: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pairs, seen = [], set()
    while len(pairs) < 15:
        a = stream.choice(active)
        colleagues = [i for i in active if i["department"] == a["department"] and i is not a]
        b = stream.choice(colleagues)
        key = tuple(sorted((a["certificate_no"], b["certificate_no"])))
        if key in seen:
            continue
        seen.add(key)
        pairs.append(_declaration(stream, a, {"inspector_a": key[0], "inspector_b": key[1]}, cat.PAIR_CONFLICT_REASONS))
    return sorted(pairs, key=lambda c: (c["inspector_a"], c["inspector_b"]))


def _declaration(stream: SeededStream, inspector: dict[str, Any], keys: dict[str, str], reasons) -> dict[str, Any]:
    kind = stream.weighted(("inspector", "department", "target"), (5, 3, 2))
    if "inspector_a" in keys:
        kind = "inspector" if kind == "target" else kind
    declared_by = inspector["certificate_no"] if kind == "inspector" else inspector["department"].lower()
    reason = "企业申请回避，已批准" if kind == "target" else stream.choice(reasons)
    moment = dt.datetime(2025, 1, 2, 1, 0, tzinfo=dt.UTC) + dt.timedelta(
        days=stream.below(360), minutes=stream.below(480))
    return {**keys, "reason": reason, "declarant_kind": kind, "declared_by": declared_by,
            "declared_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ")}


def demo_users(inspectors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The office, the auditor, one operator per department and three inspectors with accounts."""
    users = [
        {"username": "office", "role": "office_admin", "department": None, "display_name": "区双随机办公室",
         "inspector": None},
        {"username": "auditor", "role": "auditor", "department": None, "display_name": "审计监督员",
         "inspector": None},
    ]
    for code, _, short_name, _ in cat.DEPARTMENTS:
        users.append({"username": code.lower(), "role": "department_operator", "department": code,
                      "display_name": f"{short_name}操作员", "inspector": None})
    for code in ("SCJG", "XF", "WJ"):
        chosen = next(i for i in inspectors if i["department"] == code and i["active"] and i["can_lead"]
                      and i["certificate_expires"] >= "2027-01-01" and not i["unavailable"])
        users.append({"username": f"jc-{code.lower()}", "role": "inspector", "department": code,
                      "display_name": chosen["name"], "inspector": chosen["certificate_no"]})
    return users


def departments() -> list[dict[str, Any]]:
    return [{"code": code, "name": name, "short_name": short, "sort_order": n, "tags": list(tags)}
            for n, (code, name, short, tags) in enumerate(cat.DEPARTMENTS, start=1)]


def generate_district(seed: int = SEED, firms: int = FIRM_COUNT) -> dict[str, Any]:
    """The whole demo district as plain data (deterministic in `seed`)."""
    targets = generate_targets(SeededStream(seed), firms)
    inspectors = generate_inspectors(SeededStream(seed + 1))
    conflicts = generate_conflicts(SeededStream(seed + 2), inspectors, targets)
    history = generate_history(SeededStream(seed + 3), cat.ITEMS, targets, inspectors, conflicts)
    return {
        "format": FORMAT,
        "seed": seed,
        "district": {**cat.DISTRICT, "streets": [row[0] for row in cat.STREETS]},
        "demo_password": DEMO_PASSWORD,
        "departments": departments(),
        "items": [dict(item) for item in cat.ITEMS],
        "targets": targets,
        "inspectors": inspectors,
        "conflicts": conflicts,
        "history": history,
        "users": demo_users(inspectors),
    }


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render(district: dict[str, Any]) -> bytes:
    """Canonical bytes: scalars and small objects inline, each record of a list on its own line."""
    lines = ["{"]
    keys = list(district)
    for n, key in enumerate(keys):
        value, comma = district[key], "," if n < len(keys) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"  {json.dumps(key)}: [")
            lines += [f"    {_line(row)}{',' if k < len(value) - 1 else ''}" for k, row in enumerate(value)]
            lines.append(f"  ]{comma}")
        elif key == "conflicts":
            lines.append(f"  {json.dumps(key)}: {{")
            parts = list(value)
            for m, part in enumerate(parts):
                lines.append(f"    {json.dumps(part)}: [")
                rows = value[part]
                lines += [f"      {_line(row)}{',' if k < len(rows) - 1 else ''}" for k, row in enumerate(rows)]
                lines.append(f"    ]{',' if m < len(parts) - 1 else ''}")
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {_line(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_district(path: Path = DEFAULT_PATH) -> tuple[bytes, bool]:
    """Generate and write the district; returns (bytes, whether the file changed)."""
    data = render(generate_district())
    old = path.read_bytes() if path.exists() else None
    if old != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return data, old != data


def read_district(path: Path = DEFAULT_PATH) -> dict[str, Any]:
    """The district file as plain data (checked for its format)."""
    district = json.loads(path.read_text(encoding="utf-8"))
    if district.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file (format {district.get('format')!r})")
    return district
