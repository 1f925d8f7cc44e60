"""The only place that reads the wall clock.

Everything else asks `utcnow()` (aware, UTC) or `today_local()` (the date in
the configured time zone, setting `TIMEZONE`, Asia/Shanghai by default).
Tests freeze time with `frozen(moment)` or by monkeypatching
`coordinator.clock.utcnow`; nothing else may call `datetime.now()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from zoneinfo import ZoneInfo

from coordinator.config import get_settings

# The default zone (what `local_tz()` returns unless TIMEZONE is set); prefer `local_tz()`.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")

_frozen: dt.datetime | None = None


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC (the frozen time inside `frozen`)."""
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.UTC)


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_tz() -> ZoneInfo:
    """The time zone people see (setting `TIMEZONE`, default Asia/Shanghai)."""
    return _zone(get_settings().timezone)


def today_local() -> dt.date:
    """Today's date in the local time zone."""
    return utcnow().astimezone(local_tz()).date()


def to_local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time (naive values are read as UTC, as SQLite returns them) in local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(local_tz())


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Freeze `utcnow()` at `moment` (must be aware) inside the block."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("frozen() needs a timezone-aware datetime")
    previous, _frozen = _frozen, moment.astimezone(dt.UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
