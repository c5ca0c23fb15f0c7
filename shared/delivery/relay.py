"""The outbox relay: one lane per destination, each sending its pending rows in batches, partitioned by stream.

Order holds per (destination, stream): a stream's rows always fall in the same partition, a partition has
one batch in flight, and a batch not recorded whole is sent again whole. See shared/delivery/__init__.py."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.delivery import partition_of
from shared.delivery.bell import Doorbell
from shared.delivery.health import Outage, keep_working
from shared.delivery.locks import exclusive
from shared.delivery.transport import Pending, PeerUnavailableError, RefusedError, Transport
from shared.eventstore.store import utc_now
from shared.eventstore.tables import outbox


@dataclass
class Sent:
    """What became of a partition's batch."""

    delivered: list[int] = field(default_factory=list)
    dead: dict[int, str] = field(default_factory=dict)
    unavailable: PeerUnavailableError | None = None
    tried: list[int] = field(default_factory=list)  # not delivered because the peer did not answer


@dataclass(frozen=True)
class Tuning:
    batch_size: int = 200  # messages per request
    partitions: int = 4  # requests in flight per destination
    base_delay: float = 0.1  # seconds, the first backoff when a peer stops answering
    max_delay: float = 0.5  # the longest backoff: a peer that is back is found within this (a refused connect is cheap)


class Lane:
    """One destination's deliveries: never delayed by another destination's."""

    def __init__(self, engine: AsyncEngine, source: str, destination: str, transport: Transport,
                 tuning: Tuning, clock: Callable[[], datetime]) -> None:
        self.destination = destination
        self._engine, self._source, self._transport = engine, source, transport
        self._tuning, self._clock = tuning, clock
        self.outage = Outage(f"{destination} (messages from {source})")
        self._delay = 0.0
        self.next_try: datetime | None = None

    async def pass_once(self) -> int:
        """Send what is pending, one batch per partition at once; how many were delivered."""
        if self.next_try is not None and self._clock() < self.next_try:
            return 0
        async with exclusive(self._engine, f"relay:{self._source}:{self.destination}") as ours:
            rows = await self._pending() if ours else []
            if not rows:
                return 0
            sent = await asyncio.gather(*(self._send(batch) for batch in self._partitions(rows)))
            await self._mark(sent)
        self._pace(next((s.unavailable for s in sent if s.unavailable), None))
        return sum(len(s.delivered) for s in sent)

    async def _pending(self) -> list[Pending]:
        query = (select(outbox.c.id, outbox.c.stream_id, outbox.c.message_id, outbox.c.body)
                 .where(outbox.c.destination == self.destination, outbox.c.delivered_at.is_(None),
                        outbox.c.dead_at.is_(None))
                 .order_by(outbox.c.id).limit(self._tuning.batch_size * self._tuning.partitions))
        async with self._engine.connect() as conn:
            rows = [Pending(*row) for row in await conn.execute(query)]
            await conn.rollback()
        return rows

    def _partitions(self, rows: Sequence[Pending]) -> list[list[Pending]]:
        parts: dict[int, list[Pending]] = {}
        for row in rows:
            parts.setdefault(partition_of(row.stream_id, self._tuning.partitions), []).append(row)
        return [part[: self._tuning.batch_size] for part in parts.values()]

    async def _send(self, batch: list[Pending]) -> Sent:
        """The batch, or, when refused, each half in order down to the one message at fault (a dead letter)."""
        try:
            await self._transport.send(self.destination, batch)
            return Sent(delivered=[p.id for p in batch])
        except PeerUnavailableError as error:
            return Sent(unavailable=error, tried=[p.id for p in batch])
        except RefusedError as refusal:
            if len(batch) == 1:
                return Sent(dead={batch[0].id: str(refusal)})
        half = len(batch) // 2
        first = await self._send(batch[:half])
        if first.unavailable:
            return first
        second = await self._send(batch[half:])
        return Sent(first.delivered + second.delivered, first.dead | second.dead, second.unavailable, second.tried)

    async def _mark(self, sent: Sequence[Sent]) -> None:
        """Delivered rows in one statement; dead letters keep their reason, and so do the rows tried when the peer
        stopped answering."""
        now = self._clock()
        delivered = [i for s in sent for i in s.delivered]
        async with self._engine.begin() as conn:
            if delivered:
                await conn.execute(update(outbox).where(outbox.c.id.in_(delivered))
                                   .values(delivered_at=now, attempts=outbox.c.attempts + 1, last_error=None))
            for row_id, reason in (d for s in sent for d in s.dead.items()):
                await conn.execute(update(outbox).where(outbox.c.id == row_id)
                                   .values(dead_at=now, attempts=outbox.c.attempts + 1, last_error=reason[:2000]))
            for s in sent:  # noted when the peer stops answering, not on each retry: the rows would churn
                if s.unavailable and s.tried and not self.outage.down:
                    await conn.execute(update(outbox).where(outbox.c.id.in_(s.tried)).values(
                        attempts=outbox.c.attempts + 1, last_error=str(s.unavailable)[:2000], next_attempt_at=None))

    def _pace(self, unavailable: PeerUnavailableError | None) -> None:
        """Back off while the peer does not answer (capped, or as it asks); straight on once it does."""
        if unavailable is None:
            self.outage.answered()
            self._delay, self.next_try = 0.0, None
            return
        self.outage.failed(unavailable)
        self._delay = min(self._tuning.max_delay, max(self._tuning.base_delay, self._delay * 2))
        if unavailable.retry_after is not None:
            self._delay = min(self._tuning.max_delay, unavailable.retry_after)
        self.next_try = self._clock() + timedelta(seconds=self._delay)


class OutboxRelay:
    """Delivers a service's outbox, at least once, in order per stream; the receiver's inbox de-duplicates."""

    def __init__(self, engine: AsyncEngine, source: str, destinations: Sequence[str], transport: Transport, *,
                 tuning: Tuning | None = None, clock: Callable[[], datetime] = utc_now) -> None:
        self.transport = transport
        self.lanes = [Lane(engine, source, d, transport, tuning or Tuning(), clock) for d in destinations]
        self._clock = clock

    async def deliver_once(self) -> int:
        """One pass of every lane at once; how many messages were delivered."""
        return sum(await asyncio.gather(*(lane.pass_once() for lane in self.lanes)))

    async def run(self, bell: Doorbell, idle_seconds: float) -> None:
        """Deliver until cancelled: each lane woken by a commit, after its backoff, or when idle this long."""
        await asyncio.gather(*(self._keep_delivering(lane, bell, idle_seconds) for lane in self.lanes))

    async def _keep_delivering(self, lane: Lane, bell: Doorbell, idle_seconds: float) -> None:
        listener = bell.listener()

        async def rest() -> None:
            wait = idle_seconds
            if lane.next_try is not None:
                wait = max(0.0, (lane.next_try - self._clock()).total_seconds())
            await listener.wait(wait)

        await keep_working(lane.pass_once, rest, f"the outbox of {lane.destination}'s lane")

    async def aclose(self) -> None:
        await self.transport.aclose()
