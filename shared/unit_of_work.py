"""One transaction per command: events, outbox rows and read models together; received messages recorded."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.delivery import inbox
from shared.delivery.bell import Bells, Doorbell
from shared.errors import ConflictError, NotFoundError
from shared.eventstore.codec import mapper
from shared.eventstore.store import EventStore, Metadata, NewEvent, RecordedEvent, utc_now
from shared.eventstore.tables import outbox
from shared.messages import Message, event_type
from shared.replay import replay

__all__ = ["Projector", "UnitOfWork", "Wiring"]

A = TypeVar("A", bound=Aggregate)
Projector = Callable[[AsyncConnection, Sequence[Aggregate]], Awaitable[None]]  # the aggregates one save saved
BusinessDate = date | Callable[[Any], date | None] | None
SAVED_AT_ONCE = 100  # aggregates appended (or streams read) by one statement: a 1,000-member group's in ten


@dataclass(frozen=True)
class Wiring:
    """What a service plugs into the foundation: its name, who subscribes to what, its read models."""

    source: str
    engine: AsyncEngine
    subscriptions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # destination → event types
    projector: Projector | None = None
    clock: Callable[[], datetime] = utc_now
    bells: Bells = field(init=False)  # the service's own, named after it

    def __post_init__(self) -> None:
        object.__setattr__(self, "bells", Bells.of(self.source))

    def destinations(self, event_type: str) -> list[str]:
        return [d for d, types in self.subscriptions.items() if event_type in types or "*" in types]


class UnitOfWork:
    """Rolls back unless told to commit."""

    def __init__(
        self, wiring: Wiring, meta: Metadata, *, readonly: bool = False,
        acting_in: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self.wiring = wiring
        self.meta = meta
        self._acting_in = acting_in  # the grants the command was let through, asked when events are saved
        self.readonly = readonly
        self.conn: AsyncConnection | None = None
        self.store: EventStore | None = None
        self._rings: set[Doorbell] = set()  # rung after the commit: work this transaction leaves behind
        self._saved: dict[str, Aggregate] = {}  # as saved here: read again (the answer's), nothing is replayed

    async def begin(self) -> UnitOfWork:
        if self.conn is None:
            self.conn = await self.wiring.engine.connect()
            if self.readonly:
                await self.conn.execution_options(readonly=True)
            await self.conn.begin()
            self.store = EventStore(self.conn, self.wiring.clock)
        return self

    async def __aenter__(self) -> UnitOfWork:
        return await self.begin()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def act_as(self, meta: Metadata) -> None:
        """Whom and what the next events record as their actor and cause: a transaction may take many messages."""
        self.meta = meta

    @contextlib.asynccontextmanager
    async def step(self, meta: Metadata) -> AsyncIterator[None]:
        """A part of this transaction acting as `meta`, undone alone when it raises (a SAVEPOINT)."""
        await self.begin()
        assert self.conn is not None and self.store is not None
        self.act_as(meta)
        rings = set(self._rings)
        savepoint = await self.conn.begin_nested()
        try:
            yield
        except BaseException:
            await savepoint.rollback()
            self.store.forget_heads()  # a stream head it appended is no head
            self._saved.clear()  # nor is what it saved
            self._rings = rings  # its NOTIFY was undone with it
            raise
        await savepoint.commit()

    async def commit(self) -> None:
        assert self.conn is not None
        await self.conn.commit()
        for bell in self._rings:
            bell.ring()
        self._rings.clear()

    async def close(self) -> None:
        """Close the connection; anything not committed is rolled back."""
        if self.conn is not None:
            await self.conn.close()
            self.conn = None

    async def load_many(self, cls: type[A], aggregate_ids: Sequence[UUID]) -> dict[UUID, A]:
        """Several aggregates by id, SAVED_AT_ONCE streams read per query (their records let go once replayed);
        an id that is none of `cls` is left out."""
        await self.begin()
        assert self.store is not None
        found: dict[str, Aggregate | None] = {}
        for first in range(0, len(aggregate_ids), SAVED_AT_ONCE):
            part = [str(i) for i in aggregate_ids[first:first + SAVED_AT_ONCE]]
            streams = await self.store.read_streams([i for i in part if i not in self._saved])
            found.update((i, self._saved.get(i) or replay(streams.get(i, []))) for i in part)
        return {i: aggregate for i in aggregate_ids if isinstance(aggregate := found[str(i)], cls)}

    async def load(self, cls: type[A], aggregate_id: UUID, *, as_of: datetime | None = None,
                   expected_version: int | None = None) -> A:
        """Rebuild an aggregate; `expected_version` (from If-Match) must be its current version."""
        await self.begin()
        assert self.store is not None
        held = self._saved.get(str(aggregate_id)) if as_of is None else None
        aggregate = held or replay(await self.store.read_stream(str(aggregate_id), as_of=as_of))
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}", field="id", rule="exists")
        if expected_version is not None and aggregate.version != expected_version:
            raise ConflictError(
                f"{cls.__name__.lower()} {aggregate_id} is at version {aggregate.version}, not {expected_version}; "
                "reload it and decide again",
                field="If-Match",
                rule="optimistic_concurrency",
            )
        return aggregate

    async def save(self, *aggregates: Aggregate, effective_date: BusinessDate = None, held: bool = True) -> None:
        """Append the aggregates' pending events (business date `effective_date`, or its answer for each event),
        SAVED_AT_ONCE aggregates a statement, each let go before the next; queue their messages, update their read
        models. The aggregates are kept to answer later loads without a replay, unless not `held` (bulk commands)."""
        await self.begin()
        assert self.store is not None and self.conn is not None
        pending = [(aggregate, changes) for aggregate in aggregates if (changes := aggregate.collect_events())]
        for first in range(0, len(pending), SAVED_AT_ONCE):
            part = pending[first:first + SAVED_AT_ONCE]
            appends = [(str(a.id), changes[0].originator_version - 1, [_new_event(e, effective_date) for e in changes])
                       for a, changes in part]
            saved = await self.store.append_many(appends, self._metadata())
            await self._queue([record for records in saved for record in records])
            self._saved.update((str(a.id), a) for a, _ in part if held)
        if self.wiring.projector is not None and pending:
            await self.wiring.projector(self.conn, [aggregate for aggregate, _ in pending])

    def _metadata(self) -> Metadata:
        return self.meta if self._acting_in is None else replace(self.meta, actor_roles=tuple(self._acting_in()))

    async def _queue(self, records: Sequence[RecordedEvent]) -> None:
        rows: list[dict[str, Any]] = []
        for record in records:
            if not (destinations := self.wiring.destinations(event_type(record.topic))):
                continue  # nobody takes it: no message is made (its payload decoded) for nothing
            message = Message.from_event(self.wiring.source, record)
            body = message.to_json()  # once, whatever the number of destinations
            rows += [{"destination": destination, "message_id": message.message_id, "stream_id": message.stream_id,
                      "body": body, "created_at": record.recorded_at} for destination in destinations]
        if rows:
            assert self.conn is not None
            await self.conn.execute(insert(outbox), rows)
            await self._ring_after_commit(self.wiring.bells.outbox)

    async def receive(self, source: str, messages: Sequence[Message]) -> list[inbox.Receipt]:
        """Record messages from their authenticated sender in the inbox, to take effect after the commit."""
        await self.begin()
        assert self.conn is not None
        receipts = await inbox.record(self.conn, source, messages, self.wiring.clock())
        if any(r.outcome == "accepted" for r in receipts):
            await self._ring_after_commit(self.wiring.bells.inbox)
        return receipts

    async def _ring_after_commit(self, bell: Doorbell) -> None:
        """In this process after the commit; in others through NOTIFY, which PostgreSQL sends on commit."""
        assert self.conn is not None
        if bell not in self._rings and self.conn.dialect.name == "postgresql":
            await self.conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": bell.channel})
        self._rings.add(bell)


def _new_event(domain_event: Any, on: BusinessDate) -> NewEvent:
    stored = mapper().to_stored_event(domain_event)
    return NewEvent(stored.topic, stored.state, on(domain_event) if callable(on) else on)
