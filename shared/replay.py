"""Full replays: every stream of a service rebuilt from its events, to check them or to rebuild read models."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.eventstore.codec import mapper
from shared.eventstore.tables import events

PAGE_EVENTS = 5000


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
    conn: AsyncConnection, each: Callable[[Aggregate], Awaitable[None]] | None = None, page: int = PAGE_EVENTS
) -> ReplayReport:
    """Rebuild every aggregate of the store, stream by stream, handing each to `each` when given."""
    after, streams, count = "", 0, 0
    to_domain_event = mapper().to_domain_event
    started = time.perf_counter()
    while rows := await _page(conn, after, page):
        for _, stream in groupby(rows, key=itemgetter(0)):
            aggregate = None
            for row in stream:
                aggregate = to_domain_event(StoredEvent(*row)).mutate(aggregate)
            streams += 1
            if each is not None and aggregate is not None:
                await each(aggregate)
        count += len(rows)
        after = rows[-1][0]
    return ReplayReport(streams, count, time.perf_counter() - started)


async def _page(conn: AsyncConnection, after: str, limit: int) -> list[Any]:
    """Whole streams after `after`, at least `limit` events unless fewer remain: only what a replay needs."""
    boundary = select(events.c.stream_id).where(events.c.stream_id > after).order_by(events.c.stream_id)
    last = await conn.scalar(boundary.offset(limit - 1).limit(1))
    query = select(events.c.stream_id, events.c.version, events.c.topic, events.c.state).where(events.c.stream_id > after)
    if last is not None:
        query = query.where(events.c.stream_id <= last)
    return list((await conn.execute(query.order_by(events.c.stream_id, events.c.version))).all())


async def rebuild_read_models(
    conn: AsyncConnection, tables: Sequence[Table], project: Callable[[AsyncConnection, Aggregate], Awaitable[None]]
) -> ReplayReport:
    """Empty the service's own read models and project every aggregate again, in the caller's transaction."""
    for table in reversed(tables):
        await conn.execute(table.delete())

    async def each(aggregate: Aggregate) -> None:
        await project(conn, aggregate)

    return await replay_all(conn, each)
