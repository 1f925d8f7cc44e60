"""Pure rules of the audit log (全程留痕): canonical form, event hash, chain checks.

An event's hash is SHA-256 over the UTF-8 bytes of the canonical JSON array

    [seq, occurred_at, actor, action, subject, payload_json, prev_hash]

where `occurred_at` is the UTC time as ISO 8601 with microseconds and
``+00:00``, `payload_json` is the payload's canonical JSON text (keys sorted,
no spaces, non-ASCII kept, no NaN) and `prev_hash` is the previous event's
hash (64 zeros before the first). Anyone can recompute a chain from an export
with these lines; nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from coordinator.domain.errors import DomainError

GENESIS_HASH = "0" * 64
MAX_FIELD_LENGTH = 200


class AuditPayloadInvalid(DomainError):
    """A payload that has no canonical JSON form (NaN, an unknown type, a non-text key)."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"audit payload cannot be serialised: {reason}",
            message_zh=f"审计记录内容无法序列化：{reason}",
        )


def _json_default(value: Any) -> Any:
    # Dates are the one non-JSON type workflows naturally record; tuples/sets never reach here.
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical_payload(payload: dict[str, Any]) -> str:
    """The canonical JSON text of a payload."""
    if not isinstance(payload, dict):
        raise AuditPayloadInvalid("the payload must be a JSON object")
    try:
        return json.dumps(
            payload,
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
            default=_json_default,
        )
    except (TypeError, ValueError) as exc:
        raise AuditPayloadInvalid(str(exc)) from exc


def normalise_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as it will be read back (dates as text), so stored and hashed forms agree."""
    return json.loads(canonical_payload(payload))


def utc_iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with microseconds; a naive value (SQLite reads) is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    seq: int,
    occurred_at: dt.datetime,
    actor: str,
    action: str,
    subject: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the event's canonical serialisation."""
    text = json.dumps(
        [seq, utc_iso(occurred_at), actor, action, subject, canonical_payload(payload), prev_hash],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Outcome of a chain check: `first_broken_seq` is None when `ok`."""

    ok: bool
    count: int
    first_broken_seq: int | None = None
    reason: str = ""

    def __iter__(self):
        # Lets callers unpack `ok, count, first_broken_seq = verify_chain(...)`.
        return iter((self.ok, self.count, self.first_broken_seq))


@dataclass
class ChainChecker:
    """Checks events fed in seq order, remembering the first break."""

    expected_seq: int = 1
    prev_hash: str = GENESIS_HASH
    count: int = 0
    broken_seq: int | None = None
    reason: str = ""

    def feed(
        self,
        *,
        seq: int,
        occurred_at: dt.datetime,
        actor: str,
        action: str,
        subject: str,
        payload: dict[str, Any],
        prev_hash: str,
        hash: str,  # noqa: A002 - the column's name
    ) -> bool:
        """Check one event; False (and remember why) at the first break."""
        if self.broken_seq is not None:
            return False
        if seq != self.expected_seq:
            return self._break(self.expected_seq, f"event {self.expected_seq} is missing (found {seq})")
        if prev_hash != self.prev_hash:
            return self._break(seq, "prev_hash does not match the previous event's hash")
        try:
            recomputed = event_hash(
                seq=seq,
                occurred_at=occurred_at,
                actor=actor,
                action=action,
                subject=subject,
                payload=payload,
                prev_hash=prev_hash,
            )
        except AuditPayloadInvalid:
            return self._break(seq, "payload is not a JSON object with a canonical form")
        if recomputed != hash:
            return self._break(seq, "hash does not match the event's content")
        self.count += 1
        self.expected_seq = seq + 1
        self.prev_hash = hash
        return True

    def finish(self, head_seq: int | None, head_hash: str | None) -> ChainReport:
        """Compare the end of the chain with the separately kept head (catches a deleted last event)."""
        if self.broken_seq is not None:
            return ChainReport(False, self.count, self.broken_seq, self.reason)
        last_seq = self.expected_seq - 1
        if head_seq is None:
            if last_seq == 0:
                return ChainReport(True, 0)
            return ChainReport(False, self.count, last_seq, "the audit head record is missing")
        if head_seq > last_seq:
            return ChainReport(
                False, self.count, last_seq + 1, f"events {last_seq + 1}..{head_seq} are missing"
            )
        if head_seq < last_seq:
            return ChainReport(
                False, self.count, head_seq + 1, f"the audit head record ends at {head_seq}"
            )
        if head_hash != self.prev_hash:
            return ChainReport(
                False, self.count, last_seq, "the audit head record does not match the last event"
            )
        return ChainReport(True, self.count)

    def _break(self, seq: int, reason: str) -> bool:
        self.broken_seq = seq
        self.reason = reason
        return False
