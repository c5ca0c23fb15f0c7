"""Full replays: every stream of a service rebuilt from its events, to check them or to rebuild read models."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.eventstore.store import EventStore
from shared.unit_of_work import replay

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
    store, after, streams, count = EventStore(conn), "", 0, 0
    started = time.perf_counter()
    while records := await store.read_by_stream(after, page):
        for _, stream in groupby(records, key=lambda r: r.stream_id):
            aggregate = replay(list(stream))
            streams += 1
            if each is not None and aggregate is not None:
                await each(aggregate)
        count += len(records)
        after = records[-1].stream_id
    return ReplayReport(streams, count, time.perf_counter() - started)


async def rebuild_read_models(
    conn: AsyncConnection, tables: Sequence[Table], project: Callable[[AsyncConnection, Aggregate], Awaitable[None]]
) -> ReplayReport:
    """Empty the service's own read models and project every aggregate again, in the caller's transaction."""
    for table in reversed(tables):
        await conn.execute(table.delete())

    async def each(aggregate: Aggregate) -> None:
        await project(conn, aggregate)

    return await replay_all(conn, each)
