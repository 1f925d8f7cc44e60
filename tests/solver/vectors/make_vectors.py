"""Independent test vectors for spec/draw.md, written from the spec pages with hashlib/hmac only.

Run once (`python tests/solver/vectors/make_vectors.py`); it writes
`own.scenario.json` and `own.vectors.json` next to itself. It does not import
the project: the point is a second implementation the solver must agree with.
Covers a Chinese entropy string with outer white space, ids with letters
(upper and lower case, a Chinese id), 7% of 100 (exactly 7; a binary float
gives 8), an ignored extra field (hashed), amendments (not hashed), an
inactive target, a recent inspection (excluded) and a count item capped at N.
"""

import hashlib
import hmac
import json
import math
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
ENTROPY_AS_PUBLISHED = " \t第2026140期 红球 03 08 12 19 26 31 蓝球 07\r\n"

targets = [{"id": f"9144011{k:02d}MA5{'ABCDEFGHJK'[k % 10]}Q{k:04d}", "risk": "B", "status": "active",
            "items": ["SCJG-07"], "history": []} for k in range(100)]
targets += [
    {"id": "site-Alpha-9", "risk": None, "status": "active", "items": ["XF-01"], "history": []},
    {"id": "site-alpha-10", "status": "active", "items": ["XF-01"], "history": []},
    {"id": "产品-甲-01", "risk": "-", "status": "active", "items": ["XF-01", "SCJG-07"], "history": []},
    {"id": "XM-2026-Z", "risk": "A", "status": "revoked", "items": ["XF-01"], "history": []},
    {"id": "XM-2026-Y", "risk": "A", "status": "active", "items": ["XF-01"],
     "history": [{"department": "XF", "item": "XF-01", "date": "2025-06-01", "inspectors": ["X1"]}]},
]
scenario = {
    "format": "jic-scenario/1",
    "x-note": "an extra field readers ignore, hashed all the same",
    "round": {"id": "VEC-2026-01", "name": "测试向量", "lead_department": "SCJG", "planning_date": "2026-03-02",
              "window": {"start": "2026-03-09", "end": "2026-03-31"}, "notice_working_days": 3, "team_size": 1,
              "max_visits_per_inspector_per_day": 50, "max_visits_per_inspector": 200, "exclusion_days": 365,
              "recusal_days": 730, "annual_cap": None},
    "draw": {"entropy_source": "中国福利彩票双色球 第2026140期开奖号码", "entropy": ENTROPY_AS_PUBLISHED},
    "departments": [{"code": "SCJG", "name": "市场监督管理局"}, {"code": "XF", "name": "消防救援大队"}],
    "items": [{"code": "SCJG-07", "department": "SCJG", "ratio": {"B": "7%", "-": "0.5"}, "required_tags": []},
              {"code": "XF-01", "department": "XF", "count": 9, "required_tags": []}],
    "targets": targets,
    "inspectors": [{"id": "S1", "department": "SCJG", "can_lead": True}, {"id": "X1", "department": "XF", "can_lead": True}],
    "amendments": [{"type": "conflict", "inspector": "S1", "target": "site-Alpha-9", "reason": "回避",
                    "recorded_at": "2026-03-09T10:00:00+08:00"}],
}


def canon(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def r(prk, label):
    return hmac.new(prk, label.encode("utf-8") + b"\x01", hashlib.sha256).digest()


hashed = {k: v for k, v in scenario.items() if k != "amendments"}
hashed["draw"] = {k: v for k, v in scenario["draw"].items() if k != "entropy"}
pops = []
for item in scenario["items"]:
    dept = item["department"]
    for stratum in sorted(item["ratio"]) if "ratio" in item else ["*"]:
        ids = sorted(t["id"] for t in targets if t["status"] == "active" and item["code"] in t["items"]
                     and (stratum == "*" or (t.get("risk") or "-") == stratum)
                     and not any(h["department"] == dept and h["item"] == item["code"] and h["date"] >= "2025-03-09"
                                 for h in t["history"]))
        if "ratio" in item:
            text = item["ratio"][stratum]
            ratio = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
            n = min(len(ids), math.ceil(len(ids) * ratio))
        else:
            n = min(len(ids), item["count"])
        pops.append({"department": dept, "item": item["code"], "stratum": stratum, "n": n, "ids": ids})
pops.sort(key=lambda p: (p["department"], p["item"], p["stratum"]))
manifest = {"algorithm": "jic-draw/1", "round": "VEC-2026-01", "entropy_source": scenario["draw"]["entropy_source"],
            "scenario_sha256": hashlib.sha256(canon(hashed)).hexdigest(), "populations": pops}
commitment = hashlib.sha256(canon(manifest)).hexdigest()
entropy = ENTROPY_AS_PUBLISHED.strip(" \t\r\n\f\v")
prk = hmac.new(bytes.fromhex(commitment), entropy.encode("utf-8"), hashlib.sha256).digest()
labels = [f"target:{t['id']}" for t in targets[:6]] + [f"target:{t['id']}" for t in targets[100:]]
labels += ["inspector:site-Alpha-9:X1", "tiebreak:产品-甲-01:S1"]
selections = [{"department": p["department"], "item": p["item"], "stratum": p["stratum"], "population": len(p["ids"]),
               "n": p["n"], "targets": sorted(p["ids"], key=lambda i: (r(prk, "target:" + i), i))[:p["n"]]}
              for p in pops]
(HERE / "own.scenario.json").write_text(json.dumps(scenario, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
(HERE / "own.vectors.json").write_text(json.dumps({
    "scenario_sha256": manifest["scenario_sha256"], "manifest_canonical_utf8": canon(manifest).decode("utf-8"),
    "commitment": commitment, "entropy": entropy, "prk_hex": prk.hex(),
    "r_hex": {label: r(prk, label).hex() for label in labels}, "selections": selections,
}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
