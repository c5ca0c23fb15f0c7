"""Events to aggregates, one way for every path: commands (`UnitOfWork.load`), records (`shared.records`) and
full replays (rebuilding read models, `bench/record.py`).

A stream replays only if it adds up: each record at its place (versions 1, 2, ... without a gap), linked to the
one before it, its content what was hashed, and each event decodable and applicable. Anything else means the
stored events were edited, deleted or moved (or a topic no longer resolves), and is a `BrokenStreamError` that
names the stream and the position: a `broken-stream` problem wherever it is met, never a stray 500.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import BrokenStreamError
from shared.eventstore import chain
from shared.eventstore.decoding import to_domain_event
from shared.eventstore.recorded import RecordedEvent
from shared.eventstore.tables import events

PAGE_EVENTS = 5000
Seen = Callable[[RecordedEvent, Any], None]  # a record and its decoded domain event, as the replay passes them


def replay(records: Sequence[RecordedEvent], seen: Seen | None = None) -> Aggregate | None:
    """The aggregate the records make, each record checked, decoded and applied in order; `seen` is shown each
    record with its decoded event (the record's history uses them)."""
    aggregate, expected_prev = None, chain.GENESIS
    for position, record in enumerate(records, start=1):
        if problems := chain.problems_at(record, position, expected_prev):
            raise broken_stream(record.stream_id, position, problems[0])
        try:
            event = to_domain_event(record.stream_id, record.version, record.topic, record.state)
            aggregate = event.mutate(aggregate)
        except Exception as error:
            raise broken_stream(record.stream_id, position, f"it does not replay ({type(error).__name__})") from error
        if seen is not None:
            seen(record, event)
        expected_prev = record.hash
    return aggregate


def broken_stream(stream_id: str, position: int, problem: str) -> BrokenStreamError:
    return BrokenStreamError(
        f"stream {stream_id} is broken at position {position}: {problem}; "
        f"GET /verify?stream_id={stream_id} shows every break",
        field="stream_id", rule="chain_intact", stream_id=stream_id, position=position,
    )


@dataclass(frozen=True)
class ReplayReport:
    streams: int
    events: int
    seconds: float

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def public(self) -> dict[str, Any]:
        return {"streams": self.streams, "events": self.events, "seconds": round(self.seconds, 4),
                "events_per_s": round(self.events_per_s)}


async def replay_all(
    conn: AsyncConnection, each: Callable[[Aggregate], Awaitable[None]] | None = None, page: int = PAGE_EVENTS,
    after: str = "", upto: str | None = None,
) -> ReplayReport:
    """Rebuild every aggregate of the store, stream by stream, handing each to `each` when given; only the
    streams after `after` and up to `upto` (ids in order) when given (shared/replay_spread.py)."""
    streams, count = 0, 0
    started = time.perf_counter()
    async for records in pages(conn, page, after, upto):
        for stream in _streams(records):
            aggregate = replay(stream)
            streams += 1
            if each is not None and aggregate is not None:
                await each(aggregate)
        count += len(records)
    return ReplayReport(streams, count, time.perf_counter() - started)


async def pages(conn: AsyncConnection, page: int = PAGE_EVENTS, after: str = "", upto: str | None = None
                ) -> AsyncIterator[list[RecordedEvent]]:  # fmt: skip
    """The store's records (those after `after`, up to `upto`) in pages of whole streams of at least `page`
    events, in stream and version order: what a whole-store replay reads."""
    while records := await _page(conn, after, page, upto):
        yield records
        after = records[-1].stream_id


async def _page(conn: AsyncConnection, after: str, limit: int, upto: str | None = None) -> list[RecordedEvent]:
    """Whole streams after `after` (up to `upto`), at least `limit` events unless fewer remain."""
    within = events.c.stream_id > after if upto is None else (events.c.stream_id > after) & (events.c.stream_id <= upto)
    boundary = select(events.c.stream_id).where(within).order_by(events.c.stream_id)
    last = await conn.scalar(boundary.offset(limit - 1).limit(1))
    query = select(events).where(within)
    if last is not None:
        query = query.where(events.c.stream_id <= last)
    result = await conn.execute(query.order_by(events.c.stream_id, events.c.version))
    return [RecordedEvent.from_row(row) for row in result.all()]


def _streams(records: list[RecordedEvent]) -> list[list[RecordedEvent]]:
    """Records ordered by stream, cut into one list per stream."""
    streams: list[list[RecordedEvent]] = []
    for record in records:
        if not streams or streams[-1][0].stream_id != record.stream_id:
            streams.append([])
        streams[-1].append(record)
    return streams


async def rebuild_read_models(
    conn: AsyncConnection, tables: Sequence[Table],
    project: Callable[[AsyncConnection, Sequence[Aggregate]], Awaitable[None]],
) -> ReplayReport:
    """Empty the service's own read models and project every aggregate again, in the caller's transaction."""
    for table in reversed(tables):
        await conn.execute(table.delete())

    async def each(aggregate: Aggregate) -> None:
        await project(conn, [aggregate])

    return await replay_all(conn, each)
