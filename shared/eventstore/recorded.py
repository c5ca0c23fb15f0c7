"""What the store takes (an event to append, who asked) and what it gives back (a recorded, chained event)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from shared.eventstore import chain


@dataclass(frozen=True)
class NewEvent:
    """An event to append: what the mapper made of a domain event, and its business date."""

    topic: str
    state: bytes
    effective_date: date | None = None


@dataclass(frozen=True)
class Metadata:
    """Who asked, and in answer to what; the same for every event of one command."""

    actor: str
    correlation_id: str
    causation_id: str | None = None
    actor_name: str | None = None  # the authenticated subject's display name
    actor_roles: tuple[str, ...] = ()  # the grants the command was allowed through, `role@ENTERPRISE`

    @property
    def roles_text(self) -> str | None:
        return ",".join(self.actor_roles) if self.actor_roles else None


class RecordedEvent(NamedTuple):
    """A stored event: its place in the global order and in its stream, its content, who and why, its hashes.

    A named tuple, not a frozen dataclass: as immutable, and made several times faster, which every append and
    every replay feels."""

    notification_id: int | None
    stream_id: str
    version: int
    topic: str
    state: bytes
    recorded_at: datetime
    effective_date: date | None
    actor: str
    correlation_id: str
    causation_id: str | None
    prev_hash: str
    hash: str
    actor_name: str | None = None
    actor_roles: str | None = None

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RecordedEvent:
        """A row of `select(events)`, whose columns are these fields in this order (tested); SQLite's naive
        timestamps read as UTC."""
        notification_id, stream_id, version, topic, state, recorded_at, *rest = row
        if recorded_at.tzinfo is not UTC:
            recorded_at = chain.as_utc(recorded_at)
        return cls(notification_id, stream_id, version, topic, state, recorded_at, *rest)

    def content(self) -> bytes:
        """What the record's hash covers besides the previous hash: its position and everything it asserts."""
        return chain.canonical(
            stream_id=self.stream_id, version=self.version, topic=self.topic, state=self.state,
            recorded_at=self.recorded_at, effective_date=self.effective_date, actor=self.actor,
            correlation_id=self.correlation_id, causation_id=self.causation_id, actor_name=self.actor_name,
            actor_roles=self.actor_roles,
        )


def utc_now() -> datetime:
    return datetime.now(UTC)


def chained(
    stream_id: str, after: tuple[int, str], new_events: Sequence[NewEvent], meta: Metadata, recorded_at: datetime
) -> list[RecordedEvent]:
    """The new events as records following `after` (version, hash), each linked to the one before it."""
    version, prev_hash = after
    records: list[RecordedEvent] = []
    for new in new_events:
        version += 1
        digest = chain.link(prev_hash, chain.canonical(
            stream_id=stream_id, version=version, topic=new.topic, state=new.state, recorded_at=recorded_at,
            effective_date=new.effective_date, actor=meta.actor, correlation_id=meta.correlation_id,
            causation_id=meta.causation_id, actor_name=meta.actor_name, actor_roles=meta.roles_text,
        ))
        records.append(RecordedEvent(
            None, stream_id, version, new.topic, new.state, recorded_at, new.effective_date, meta.actor,
            meta.correlation_id, meta.causation_id, prev_hash, digest, meta.actor_name, meta.roles_text,
        ))
        prev_hash = digest
    return records
