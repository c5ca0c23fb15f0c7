"""The hash chain that makes an edit, deletion or reordering of stored events detectable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

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
        as_utc(recorded_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        effective_date.isoformat() if effective_date else None,
        actor,
        correlation_id,
        causation_id,
    ]
    if actor_name is not None or actor_roles is not None:
        fields += [actor_name, actor_roles]
    return _ENCODER.encode(fields).encode()


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def link(prev_hash: str, record: bytes) -> str:
    """sha256 over the previous hash and the canonical record."""
    return hashlib.sha256(prev_hash.encode() + b"\n" + record).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where a stream's chain stops adding up, and how."""

    stream_id: str
    position: int
    problem: str


def verify_stream(stream_id: str, rows: list[dict]) -> list[ChainBreak]:
    """Recompute a stream's chain from its rows (ordered by version)."""
    breaks: list[ChainBreak] = []
    expected_prev, position = GENESIS, 0
    for row in rows:
        position += 1
        if row["version"] != position:
            breaks.append(ChainBreak(stream_id, position, f"version {row['version']} found where {position} was expected (a row is missing or moved)"))
            position = row["version"]  # one gap is one break: count on from the row found
        if row["prev_hash"] != expected_prev:
            breaks.append(ChainBreak(stream_id, position, "prev_hash does not match the hash of the event before it"))
        record = canonical(**{k: row[k] for k in CANONICAL_FIELDS})
        if link(row["prev_hash"], record) != row["hash"]:
            breaks.append(ChainBreak(stream_id, position, "content does not match its hash (the row was edited)"))
        expected_prev = row["hash"]
    return breaks


def check_anchor(stream_id: str, rows: list[dict], version: int, hash_: str) -> list[ChainBreak]:
    """Compare a stream with a head kept outside the store (an auditor's saved record): the chain alone cannot
    show that its last events were deleted, a head taken earlier can."""
    found = {row["version"]: row for row in rows}
    last = max(found, default=0)
    if last < version:
        return [ChainBreak(stream_id, last + 1, f"the stream ends at version {last}, but a head kept "
                                                f"earlier says it had {version} events (events were deleted)")]
    if version not in found or found[version]["hash"] != hash_:
        return [ChainBreak(stream_id, version, "the event differs from the head kept earlier (hash mismatch)")]
    return []


CANONICAL_FIELDS = (
    "stream_id",
    "version",
    "topic",
    "state",
    "recorded_at",
    "effective_date",
    "actor",
    "correlation_id",
    "causation_id",
    "actor_name",
    "actor_roles",
)
