"""The inbox's processing half: every recorded message takes effect exactly once, after its receipt.

A message's effects and its `processed_at` are written together, in a step (a SAVEPOINT) of a transaction
that takes up to `chunk` messages: a crash at any point leaves each message done or still pending, never
half done, and one that waits (`NotReadyError`) or fails is undone alone. Messages are taken in arrival
order; within a stream, one that waits or fails holds back the stream's later versions, not its earlier
ones (one that arrived late and waits for nothing still takes effect). On PostgreSQL a page's messages are split
into `partitions` by stream, taken concurrently: Python's work on one overlaps the database's on another."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Row, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.delivery.health import keep_working
from shared.delivery import partition_of
from shared.delivery.holding import (
    Pass, TakenElsewhereError, fresh, key_of, keys_of, note_contended, note_failure, note_waiting, stream_of,
)
from shared.delivery.locks import exclusive
from shared.eventstore.chain import as_utc
from shared.eventstore.conflicts import WRITE_ERRORS, lost_to_concurrent_writer
from shared.eventstore.store import Metadata
from shared.eventstore.tables import inbox
from shared.messages import Message, NotReadyError
from shared.readmodels import Amending, Upserting, Upserts
from shared.unit_of_work import UnitOfWork, Wiring

MessageHandler = Callable[[UnitOfWork, Message], Awaitable[None]]
_MESSAGE = TypeAdapter(Message)
_ORDER = (inbox.c.received_at, inbox.c.position, inbox.c.source, inbox.c.message_id)
RETRIES_ON_CONFLICT = 3


def metadata_of(message: Message) -> Metadata:
    """What the effects of a message record: the original actor, caused by the message, as its sending service."""
    return Metadata(actor=message.actor, correlation_id=message.correlation_id, causation_id=message.message_id,
                    actor_name=message.actor_name, actor_roles=(f"service:{message.source}",))


class InboxProcessor:
    def __init__(self, wiring: Wiring, handlers: Mapping[str, MessageHandler], *, page_size: int = 1000,
                 chunk: int = 200, partitions: int = 4) -> None:
        self._wiring = wiring
        self._handlers = handlers
        self._page_size = page_size
        self._chunk = chunk  # messages per transaction: commits shared, SQLite's write lock held briefly
        # SQLite has one writer: its transactions would only queue for the lock
        self._partitions = 1 if wiring.engine.dialect.name == "sqlite" else partitions
        self.next_due: datetime | None = None  # the earliest retry of a message that failed

    async def run(self, idle_seconds: float) -> None:
        """Take effect until cancelled: woken by each receipt, by a failed message's retry, or when idle."""
        listener = self._wiring.bells.inbox.listener()

        async def rest() -> None:
            due = (self.next_due - self._wiring.clock()).total_seconds() if self.next_due else idle_seconds
            await listener.wait(max(0.0, min(idle_seconds, due)))

        await keep_working(self.process_once, rest, f"the inbox of {self._wiring.source}")

    async def process_once(self) -> int:
        """One pass over every pending message; how many took effect."""
        async with exclusive(self._wiring.engine, f"inbox:{self._wiring.source}") as ours:
            if not ours:
                return 0
            self.next_due, taken, after = None, Pass(), None
            while rows := await self._page(after):
                await asyncio.gather(*(self._take_rows(part, taken) for part in self._split(rows)))
                after = tuple(getattr(rows[-1], column.name) for column in _ORDER)
            return taken.done

    async def _page(self, after: tuple[Any, ...] | None) -> list[Row[Any]]:
        query = select(inbox).where(inbox.c.processed_at.is_(None)).order_by(*_ORDER).limit(self._page_size)
        if after is not None:
            query = query.where(tuple_(*_ORDER) > tuple_(*after))
        async with self._wiring.engine.connect() as conn:
            rows = list((await conn.execute(query)).all())
            await conn.rollback()
        return rows

    def _split(self, rows: list[Row[Any]]) -> list[list[Row[Any]]]:
        parts: dict[int, list[Row[Any]]] = {}
        for row in rows:
            parts.setdefault(partition_of(stream_of(row)[1], self._partitions), []).append(row)
        return list(parts.values())

    async def _take_rows(self, rows: list[Row[Any]], taken: Pass) -> None:
        for start in range(0, len(rows), self._chunk):
            await self._take_chunk(rows[start:start + self._chunk], taken)

    async def _take_chunk(self, rows: list[Row[Any]], taken: Pass) -> None:
        """All at once when each is new and takes effect (the common case); else each in a step of its own."""
        if all(fresh(row) and not taken.holds(row) for row in rows) and await self._take_at_once(rows):
            taken.done += len(rows)
        else:
            await self._take_stepwise(rows, taken)

    def _unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._wiring, Metadata(actor=f"service:{self._wiring.source}", correlation_id=""))

    async def _take_at_once(self, rows: list[Row[Any]]) -> bool:
        """Every message's effects and one mark for them all, in one transaction; False, and nothing written,
        when one waits or fails or another worker took one first (then each is taken in a step of its own)."""
        async with self._unit_of_work() as uow:
            try:
                conn = (await uow.begin()).conn
                assert conn is not None
                await self._apply_all(uow, conn, rows)
                claimed = await conn.execute(update(inbox).where(keys_of(rows), inbox.c.processed_at.is_(None))
                                             .values(processed_at=self._wiring.clock()))
            except Exception:  # noqa: BLE001 - the steps find out which, and say why
                return False
            if claimed.rowcount != len(rows):
                return False
            await uow.commit()
        return True

    async def _apply_all(self, uow: UnitOfWork, conn: AsyncConnection, rows: list[Row[Any]]) -> None:
        """Each message's handler in turn; the rows of those that only upsert a row are written together,
        before any other handler runs (so it sees them) and at the end; a change of a row gathered so (Amending)
        is made to it, written with it."""
        upserts = Upserts()
        for row in rows:
            message = _MESSAGE.validate_json(row.body)
            handler = self._handlers.get(message.type)
            if isinstance(handler, Upserting):
                await upserts.add(conn, *handler.row_of(message), key=handler.key)
            elif isinstance(handler, Amending) and upserts.amend(*handler.change_of(message)):
                continue  # made to a row gathered above, written with it
            elif handler is not None:
                await upserts.flush(conn)
                uow.act_as(metadata_of(message))
                await handler(uow, message)
        await upserts.flush(conn)

    async def _take_stepwise(self, rows: list[Row[Any]], taken: Pass) -> None:
        """Each message in a step of one transaction; what waits or failed is noted after its commit."""
        notes: list[tuple[Row[Any], NotReadyError | Exception]] = []
        async with self._unit_of_work() as uow:
            for row in rows:
                if taken.holds(row) or self._backing_off(row):
                    taken.hold(row)
                    continue
                try:
                    taken.done += await self._take_effect(uow, row, _MESSAGE.validate_json(row.body))
                except Exception as error:  # noqa: BLE001 - waits or failed: noted; the others go on
                    taken.hold(row)
                    notes.append((row, error))
            await uow.commit()
        for row, note in notes:
            if isinstance(note, NotReadyError):
                await note_waiting(self._wiring.engine, row, str(note))
            elif _contended(note):
                await note_contended(self._wiring.engine, row, self._wiring.clock())
            else:
                await note_failure(self._wiring.engine, row, note, self._wiring.clock())

    def _backing_off(self, row: Row[Any]) -> bool:
        if row.next_attempt_at is None or (due := as_utc(row.next_attempt_at)) <= self._wiring.clock():
            return False
        self.next_due = min(due, self.next_due or due)  # failed lately: tried again after its backoff
        return True

    async def _take_effect(self, uow: UnitOfWork, row: Row[Any], message: Message) -> bool:
        """The handler's effects and the inbox mark in one step; False (undone) if another worker was first."""
        for attempt in range(1, RETRIES_ON_CONFLICT + 1):
            try:
                async with uow.step(metadata_of(message)):
                    if (handler := self._handlers.get(message.type)) is not None:
                        await handler(uow, message)
                    assert uow.conn is not None
                    claimed = await uow.conn.execute(
                        update(inbox).where(key_of(row), inbox.c.processed_at.is_(None))
                        .values(processed_at=self._wiring.clock(), waiting_for=None, last_error=None))
                    if claimed.rowcount != 1:
                        raise TakenElsewhereError
                return True
            except TakenElsewhereError:
                return False
            except ConflictError as conflict:  # a command changed the same aggregate meanwhile: decide again
                if conflict.rule != "optimistic_concurrency" or attempt == RETRIES_ON_CONFLICT:
                    raise
        return False


def _contended(error: Exception) -> bool:
    """Lost to concurrent writers: a version conflict on every retry, or a deadlock the database broke."""
    return (isinstance(error, ConflictError) and error.rule == "optimistic_concurrency") or (
        isinstance(error, WRITE_ERRORS) and lost_to_concurrent_writer(error))
