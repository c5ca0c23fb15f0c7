"""Integration messages: what a service tells others about its events, as plain JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

from shared.eventstore.decoding import decode_state
from shared.eventstore.store import RecordedEvent


class NotReadyError(Exception):
    """A message cannot take effect yet: it needs a fact another message brings. It waits in the inbox, with
    this error's text as what it waits for, and is tried again once other messages have taken effect."""


def jsonable(value: Any) -> Any:
    """Decimals as strings (never float), dates and times as ISO text, UUIDs as text."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def event_type(topic: str) -> str:
    """`pkg.module:Tenure.AgreementSigned` → `Tenure.AgreementSigned`: stable across refactors of modules."""
    return topic.rsplit(":", 1)[-1]


def event_payload(record: RecordedEvent) -> dict[str, Any]:
    """The event's own attributes, decoded exactly, then made JSON-friendly."""
    state = decode_state(record.state)
    state.pop("originator_topic", None)
    return jsonable(state)


def message_id_of(source: str, stream_id: str, version: int) -> str:
    """A message's id says which event it carries; the inbox refuses a body that claims another."""
    return f"{source}:{stream_id}:{version}"


def supersedes(earlier: str | None, later: str) -> bool:
    """True when message `earlier` carries a later version of the same stream than `later` does: `later` is
    stale (it arrived after its own revision) and must not undo it."""
    if earlier is None:
        return False
    earlier_stream, _, earlier_version = earlier.rpartition(":")
    later_stream, _, later_version = later.rpartition(":")
    return (earlier_stream == later_stream and earlier_version.isdigit() and later_version.isdigit()
            and int(earlier_version) > int(later_version))


@dataclass(frozen=True)
class Message:
    message_id: str
    source: str
    type: str
    stream_id: str
    version: int
    recorded_at: str
    effective_date: str | None
    actor: str
    correlation_id: str
    causation_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)
    actor_name: str | None = None

    @classmethod
    def from_event(cls, source: str, record: RecordedEvent) -> Message:
        return cls(
            message_id=message_id_of(source, record.stream_id, record.version),
            source=source,
            type=event_type(record.topic),
            stream_id=record.stream_id,
            version=record.version,
            recorded_at=record.recorded_at.isoformat(),
            effective_date=record.effective_date.isoformat() if record.effective_date else None,
            actor=record.actor,
            correlation_id=record.correlation_id,
            causation_id=record.causation_id,
            payload=event_payload(record),
            actor_name=record.actor_name,
        )

    def to_json(self) -> str:
        """Compact UTF-8 JSON (orjson: what json.dumps with no spaces and ensure_ascii off gives, faster)."""
        return orjson.dumps(self.__dict__).decode()

