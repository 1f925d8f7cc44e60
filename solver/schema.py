"""The `jic-scenario/1` model and its validation (spec/scenario.md).

`parse_scenario_text` reads the JSON strictly (a number written with `.` or an
exponent, a NaN, or a key given twice is a problem at its path), and
`load_scenario` turns the raw object into a pydantic `Scenario`, then checks
everything the spec asks across fields (unknown ids, strata, ratios, calendar
years). Every problem is collected with its path (`items[2].ratio.B`) before
`ScenarioInvalid` is raised, so that a user fixes a file in one pass.

The raw object is never changed: the draw hashes it exactly as read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic import ValidationError

from solver.calendar import WorkdayCalendar, official_calendar
from solver.schema_checks import cross_check
from solver.schema_problems import Problem, ScenarioInvalid, path_join

FORMAT = "jic-scenario/1"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
RATIO_PATTERN = r"^[0-9]+(\.[0-9]+)?%?$"


def _iso_date(value: Any) -> Any:
    """Accept only `YYYY-MM-DD` strings (Python would also take `20260302` or a timestamp)."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a calendar date ({exc})") from None


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
OptDate = Annotated[Optional[dt.date], BeforeValidator(_iso_date)]
NonNeg = Annotated[StrictInt, Field(ge=0)]
Risk = Optional[Literal["A", "B", "C", "D", "-"]]


class Model(BaseModel):
    """Extra fields are allowed and ignored (the spec says so); values are strict."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True, frozen=False)


class Window(Model):
    start: Date
    end: Date


class Round(Model):
    id: StrictStr
    name: Optional[StrictStr] = None
    lead_department: StrictStr
    planning_date: Date
    window: Window
    notice_working_days: NonNeg
    team_size: Annotated[StrictInt, Field(ge=1)]
    max_visits_per_inspector_per_day: NonNeg
    max_visits_per_inspector: NonNeg
    exclusion_days: Optional[NonNeg] = None
    recusal_days: Optional[NonNeg] = None
    annual_cap: Optional[NonNeg] = None


class Draw(Model):
    entropy_source: StrictStr
    entropy: Optional[StrictStr] = None


class Calendar(Model):
    extra_holidays: list[Date] = []
    extra_workdays: list[Date] = []
    years: list[StrictInt] = []


class Department(Model):
    code: StrictStr
    name: Optional[StrictStr] = None


class Item(Model):
    code: StrictStr
    department: StrictStr
    name: Optional[StrictStr] = None
    ratio: Optional[dict[StrictStr, StrictStr]] = None
    count: Optional[NonNeg] = None
    required_tags: list[StrictStr] = []


class HistoryEntry(Model):
    department: StrictStr
    item: StrictStr
    date: Date
    inspectors: list[StrictStr] = []


class Target(Model):
    id: StrictStr
    name: Optional[StrictStr] = None
    street: Optional[StrictStr] = None
    risk: Risk = None
    status: StrictStr
    items: list[StrictStr] = []
    history: list[HistoryEntry] = []


class Unavailable(Model):
    from_: Date = Field(alias="from")
    to: Date
    reason: Optional[StrictStr] = None


class Inspector(Model):
    id: StrictStr
    department: StrictStr
    name: Optional[StrictStr] = None
    tags: list[StrictStr] = []
    certificate_expires: OptDate = None
    can_lead: StrictBool = False
    unavailable: list[Unavailable] = []


Pair = Annotated[list[StrictStr], Field(min_length=2, max_length=2)]


class Conflicts(Model):
    inspector_target: list[Pair] = []
    inspector_pairs: list[Pair] = []


class Amendment(Model):
    """`unavailable` (needs from/to) or `conflict` (needs target); the type check is in cross_check."""

    type: Literal["unavailable", "conflict"]
    inspector: StrictStr
    from_: OptDate = Field(default=None, alias="from")
    to: OptDate = None
    target: Optional[StrictStr] = None
    reason: StrictStr
    recorded_at: StrictStr


class Scenario(Model):
    format: StrictStr
    round: Round
    draw: Draw
    calendar: Calendar = Calendar()
    departments: list[Department]
    items: list[Item]
    targets: list[Target]
    inspectors: list[Inspector]
    conflicts: Conflicts = Conflicts()
    amendments: list[Amendment] = []


# --- reading JSON strictly ---------------------------------------------------


class _Float(float):
    """A number written with `.` or an exponent; kept so that its path can be reported."""


class _Pairs(dict):
    """An object with a key given more than once; `dupes` names those keys."""

    dupes: list[str]


class _Reader:
    """json.loads hooks that note floats and repeated keys, so that a clean file is not walked again."""

    def __init__(self) -> None:
        self.suspect = False

    def number(self, text: str) -> float:
        self.suspect = True
        return _Float(text)

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        self.suspect = True
        marked = _Pairs(obj)
        seen: set[str] = set()
        marked.dupes = [k for k, _ in pairs if k in seen or seen.add(k)]
        return marked


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _walk_numbers(value: Any, path: str, out: list[Problem]) -> Any:
    """Report non-integer numbers and repeated keys; return plain dicts and floats."""
    if isinstance(value, dict):
        for key in sorted(set(getattr(value, "dupes", []))):
            out.append(Problem(path_join(path, key), "key given more than once"))
        return {k: _walk_numbers(v, path_join(path, k), out) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk_numbers(v, path_join(path, i), out) for i, v in enumerate(value)]
    if isinstance(value, float):
        out.append(Problem(path, f"numbers must be integers (got {value!r}); write ratios as strings like \"0.05\" or \"5%\""))
        return float(value)
    return value


def _read_json(text: str) -> tuple[dict, list[Problem]]:
    reader = _Reader()
    try:
        value = json.loads(text, parse_float=reader.number, object_pairs_hook=reader.pairs, parse_constant=_constant)
    except ValueError as exc:
        raise ScenarioInvalid([Problem("", f"not valid JSON: {exc}")]) from None
    problems: list[Problem] = []
    if reader.suspect:
        value = _walk_numbers(value, "", problems)
    if not isinstance(value, dict):
        raise ScenarioInvalid([Problem("", "a scenario must be a JSON object")])
    return value, problems


def parse_scenario_text(text: str) -> dict:
    """The raw scenario object; ScenarioInvalid for bad JSON, non-integer numbers or repeated keys."""
    raw, problems = _read_json(text)
    if problems:
        raise ScenarioInvalid(problems)
    return raw


def read_scenario_text(text: str) -> tuple[dict, Scenario]:
    """Parse and validate in one pass, reporting number problems and model problems together."""
    raw, problems = _read_json(text)
    try:
        scenario = load_scenario(raw)
    except ScenarioInvalid as exc:
        seen = {p.path for p in problems}
        problems += [p for p in exc.problems if p.path not in seen]
    if problems:
        raise ScenarioInvalid(problems)
    return raw, scenario


# --- validation --------------------------------------------------------------


def _loc_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        path = path_join(path, part)
    return path


def _pydantic_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if isinstance(err.get("input"), float):
            message = "numbers must be integers; write ratios as strings like \"0.05\" or \"5%\""
        elif err["type"] == "missing":
            message = "missing field"
        elif err["type"] == "extra_forbidden":
            continue
        problems.append(Problem(_loc_path(err["loc"]), message))
    return problems


def load_scenario(raw: dict) -> Scenario:
    """Validate a raw scenario object (as read) and return the model; ScenarioInvalid lists every problem."""
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        raise ScenarioInvalid([Problem("", "a scenario must be a JSON object")])
    # Floats from JSON text were reported by the reader; in a dict built in code, the
    # strict field types refuse them where a number or string is expected.
    if "format" in raw and raw["format"] != FORMAT:
        problems.append(Problem("format", f"expected {FORMAT!r}, got {raw['format']!r}"))
    scenario = None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems += _pydantic_problems(exc)
    problems = _first_per_path(problems)
    # A value of the wrong type was skipped by the cross checks; one reported twice is noise.
    typed = {p.path for p in problems}
    problems += [p for p in cross_check(raw) if p.path not in typed]
    if problems:
        raise ScenarioInvalid(problems)
    return scenario


def _first_per_path(problems: list[Problem]) -> list[Problem]:
    """One problem per path among number and type problems (a float is also "not an integer")."""
    seen: set[str] = set()
    kept = []
    for problem in problems:
        if problem.path not in seen:
            seen.add(problem.path)
            kept.append(problem)
    return kept


def scenario_calendar(scenario: Scenario) -> WorkdayCalendar:
    """The official calendar with the scenario's `calendar` overrides and extra years."""
    cal = scenario.calendar
    return official_calendar().with_overrides(
        extra_holidays=cal.extra_holidays, extra_workdays=cal.extra_workdays, extra_years=cal.years,
    )


def json_schema() -> dict:
    """The published JSON Schema of `jic-scenario/1` (by alias: `from`, not `from_`)."""
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    # What the field types cannot say; the rest is checked in solver.schema_checks.
    schema["properties"]["format"]["const"] = FORMAT
    ratio = schema["$defs"]["Item"]["properties"]["ratio"]["anyOf"][0]
    ratio["propertyNames"] = {"enum": ["A", "B", "C", "D", "-"]}
    ratio["additionalProperties"] = {"type": "string", "pattern": RATIO_PATTERN}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jic-scenario/1"
    return schema


def json_schema_text() -> str:
    """The text of `solver/data/jic-scenario-1.schema.json` (a test keeps the file equal to it)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
