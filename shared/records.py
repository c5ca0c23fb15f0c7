"""A service's part of a manager's tenure record: its streams of that manager, replayed as of a recorded time.

"As of D" means what this service had recorded by D (its own clock); every fact keeps its business date too.
Each service says which of its streams concern a manager (`RecordSpec.streams`) and how its replayed
aggregates read (`RecordSpec.describe`); the rest (reading, history, heads) is the same for all three.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import InvalidInputError
from shared.eventstore.recorded import RecordedEvent, utc_now
from shared.messages import event_type
from shared.replay import replay
from shared.replay_kept import replay_for_reading
from shared.unit_of_work import UnitOfWork

# Payload keys that say why a decision was taken, in the order they are looked for.
REASON_KEYS = ("reason", "decision_reason", "correction_reason")


@dataclass(frozen=True)
class ManagerStreams:
    """The streams of one service that concern a manager, and the manager's tenures they may share with others."""

    stream_ids: list[str]
    tenure_ids: frozenset[str] = frozenset()
    as_of: datetime | None = None  # what the record shows: set by build_part for `describe`
    # streams other managers' records read too (a policy, an appraisal group): replayed once per head and kept
    shared: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RecordSpec:
    """How a service finds a manager's streams and reads what their replay gives."""

    streams: Callable[[AsyncConnection, UUID], Awaitable[ManagerStreams]]
    describe: Callable[[AsyncConnection, UUID, ManagerStreams, Mapping[str, Aggregate]], Awaitable[dict[str, Any]]]
    # event type → timeline category (signature, appraisal, grade, warning, payment, decision); others are "record"
    categories: Mapping[str, str] = field(default_factory=dict)
    # event types kept in their streams but left out of the history: a migration copied them to other streams
    superseded: frozenset[str] = frozenset()


def parse_as_of(value: str | None, now: datetime | None = None) -> datetime:
    """An ISO date (the end of that day, UTC) or date-time; none means now."""
    if value is None or not value.strip():
        return now or utc_now()
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInputError(
            f"as_of {value!r} is neither an ISO date (2024-06-30) nor an ISO date-time (2024-06-30T12:00:00Z)",
            field="as_of", rule="iso_date_or_datetime",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def build_part(service: str, spec: RecordSpec, uow: UnitOfWork, manager_id: UUID, as_of: datetime) -> dict[str, Any]:
    """Replay the manager's streams as of `as_of` and describe them, with their heads and their history."""
    await uow.begin()
    assert uow.conn is not None and uow.store is not None
    streams = replace(await spec.streams(uow.conn, manager_id), as_of=as_of)
    records = await uow.store.read_streams(streams.stream_ids, as_of=as_of)
    aggregates: dict[str, Aggregate] = {}
    history: list[dict[str, Any]] = []

    def seen(record: RecordedEvent, event: Any) -> None:  # each event decoded once: for the aggregate and the history
        history.append(history_entry(service, record, vars(event), spec.categories, streams.tenure_ids))

    for stream_id, stream in records.items():
        replayed = replay_for_reading if stream_id in streams.shared else replay
        if (aggregate := replayed(stream, seen)) is not None:
            aggregates[stream_id] = aggregate
    body = await spec.describe(uow.conn, manager_id, streams, aggregates)
    return {
        "service": service,
        "manager_id": str(manager_id),
        "as_of": as_of.isoformat(),
        "streams": [stream_head(recs) for recs in records.values()],
        "history": sorted((h for h in history if _concerns(h, streams.tenure_ids) and h["type"] not in spec.superseded),
                          key=_in_time),
        **body,
    }


def stream_head(records: list[RecordedEvent]) -> dict[str, Any]:
    """What an auditor can keep to check the stream later: its length and last hash."""
    last = records[-1]
    return {"stream_id": last.stream_id, "aggregate": _aggregate_name(last.topic), "version": last.version,
            "hash": last.hash}


def history_entry(
    service: str,
    record: RecordedEvent,
    payload: Mapping[str, Any],
    categories: Mapping[str, str],
    tenure_ids: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One event as the record shows it: what, when (recorded and business date), who, why, under which policy."""
    kind = event_type(record.topic)
    return {
        "service": service,
        "stream_id": record.stream_id,
        "version": record.version,
        "type": kind,
        "category": categories.get(kind, "record"),
        "recorded_at": record.recorded_at.isoformat(),
        "effective_date": record.effective_date.isoformat() if record.effective_date else None,
        "actor": record.actor,
        "actor_name": record.actor_name,
        "actor_roles": record.actor_roles.split(",") if record.actor_roles else [],
        "correlation_id": record.correlation_id,
        "causation_id": record.causation_id,
        "reason": reason_of(payload, tenure_ids),
        "policy_version": payload.get("policy_version"),
        "tenure_id": _tenure_of(payload),
        "hash": record.hash,
    }


def reason_of(payload: Mapping[str, Any], tenure_ids: frozenset[str] = frozenset()) -> str | None:
    """Why: the event's own reason, or the reasons of the grade overrides it made for these tenures."""
    for key in REASON_KEYS:
        if isinstance(payload.get(key), str) and payload[key]:
            return str(payload[key])
    overrides = payload.get("overrides")
    if isinstance(overrides, list):
        mine = [o for o in overrides if isinstance(o, Mapping) and (not tenure_ids or str(o.get("tenure_id")) in tenure_ids)]
        reasons = [str(o["reason"]) for o in mine if o.get("reason")]
        return "; ".join(reasons) or None
    return None


def _tenure_of(payload: Mapping[str, Any]) -> str | None:
    value = payload.get("tenure_id")
    return str(value) if value is not None else None


def _concerns(entry: Mapping[str, Any], tenure_ids: frozenset[str]) -> bool:
    """An event of a shared stream (an appraisal group) naming another manager's tenure is not this record's."""
    return not tenure_ids or entry["tenure_id"] is None or entry["tenure_id"] in tenure_ids


def _in_time(entry: Mapping[str, Any]) -> tuple[str, str, int]:
    return entry["recorded_at"], entry["stream_id"], entry["version"]


def _aggregate_name(topic: str) -> str:
    """`services.x.domain.tenure:Tenure.Opened` → `Tenure`."""
    return topic.rsplit(":", 1)[-1].split(".", 1)[0]

