"""The hash chain that makes an edit, deletion or reordering of stored events detectable."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from json.encoder import encode_basestring  # type: ignore[attr-defined]

if TYPE_CHECKING:  # the records are made of the chain's functions (recorded.py imports this module)
    from shared.eventstore.recorded import RecordedEvent

GENESIS = "0" * 64


def as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive; every recorded time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def canonical(
    *,
    stream_id: str,
    version: int,
    topic: str,
    state: bytes,
    recorded_at: datetime,
    effective_date: date | None,
    actor: str,
    correlation_id: str,
    causation_id: str | None,
    actor_name: str | None = None,
    actor_roles: str | None = None,
) -> bytes:
    """A stable encoding of everything a record asserts (its position and its content).

    A JSON array in a fixed order: unambiguous, and cheap enough for the append path. The actor's name and
    roles (recorded since authentication came) are appended when present, so older chains still add up.
    """
    fields = [
        stream_id,
        version,
        topic,
        hashlib.sha256(state).hexdigest(),
        _utc_text(recorded_at),
        _date_text(effective_date) if effective_date else None,
        actor,
        correlation_id,
        causation_id,
    ]
    if actor_name is not None or actor_roles is not None:
        fields += [actor_name, actor_roles]
    return _json_array(fields)


def _json_array(fields: list[str | int | None]) -> bytes:
    """What `json.dumps(fields, separators=(",", ":"), ensure_ascii=False)` gives, in half the time."""
    return ("[" + ",".join(["null" if f is None else str(f) if type(f) is int else encode_basestring(f)
                            for f in fields]) + "]").encode()


# The events of one append share their recorded time and mostly their business date: each is written once.
@lru_cache(maxsize=256)
def _utc_text(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@lru_cache(maxsize=256)
def _date_text(day: date) -> str:
    return day.isoformat()


def link(prev_hash: str, record: bytes) -> str:
    """sha256 over the previous hash and the canonical record."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + record).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where a stream's chain stops adding up, and how."""

    stream_id: str
    position: int
    problem: str


def problems_at(record: RecordedEvent, position: int, expected_prev: str) -> list[str]:
    """What is wrong with the record found at `position` (1 = the stream's first) after a record hashed
    `expected_prev`: a version out of place, a broken link, content that is not what was hashed."""
    problems = []
    if record.version != position:
        problems.append(f"version {record.version} found where {position} was expected (a row is missing or moved)")
    if record.prev_hash != expected_prev:
        problems.append("prev_hash does not match the hash of the event before it")
    if link(record.prev_hash, record.content()) != record.hash:
        problems.append("content does not match its hash (the row was edited)")
    return problems


def verify_stream(stream_id: str, records: Sequence[RecordedEvent]) -> list[ChainBreak]:
    """Recompute a stream's chain from its records (ordered by version): every break, each where it is."""
    breaks: list[ChainBreak] = []
    expected_prev, position = GENESIS, 0
    for record in records:
        position += 1
        problems = problems_at(record, position, expected_prev)
        if record.version != position:  # the gap, where the missing record was
            breaks.append(ChainBreak(stream_id, position, problems.pop(0)))
            position = record.version  # one gap is one break: count on from the record found
        breaks += [ChainBreak(stream_id, position, problem) for problem in problems]
        expected_prev = record.hash
    return breaks


def check_anchor(stream_id: str, records: Sequence[RecordedEvent], version: int, hash_: str) -> list[ChainBreak]:
    """Compare a stream with a head kept outside the store (an auditor's saved record): the chain alone cannot
    show that its last events were deleted, a head taken earlier can."""
    found = {record.version: record for record in records}
    last = max(found, default=0)
    if last < version:
        return [ChainBreak(stream_id, last + 1, f"the stream ends at version {last}, but a head kept "
                                                f"earlier says it had {version} events (events were deleted)")]
    if version not in found or found[version].hash != hash_:
        return [ChainBreak(stream_id, version, "the event differs from the head kept earlier (hash mismatch)")]
    return []

