"""The inbox's processing half: every recorded message takes effect exactly once, after its receipt.

One transaction per message holds the handler's effects and the message's `processed_at`, so a crash at any
point leaves it either done or still pending, never half done. Messages are taken in arrival order; within
one stream, a message that waits (`NotReadyError`) or fails holds back the stream's later messages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Row, select, tuple_, update

from shared.errors import ConflictError
from shared.delivery.health import keep_working
from shared.delivery.locks import exclusive
from shared.eventstore.chain import as_utc
from shared.eventstore.store import Metadata
from shared.eventstore.tables import inbox
from shared.messages import Message, NotReadyError
from shared.unit_of_work import UnitOfWork, Wiring

log = logging.getLogger(__name__)
MessageHandler = Callable[[UnitOfWork, Message], Awaitable[None]]
_MESSAGE = TypeAdapter(Message)
_ORDER = (inbox.c.received_at, inbox.c.position, inbox.c.source, inbox.c.message_id)
RETRIES_ON_CONFLICT = 3
MAX_BACKOFF_SECONDS = 60.0


def metadata_of(message: Message) -> Metadata:
    """What the effects of a message record: the original actor, caused by the message, as its sending service."""
    return Metadata(actor=message.actor, correlation_id=message.correlation_id, causation_id=message.message_id,
                    actor_name=message.actor_name, actor_roles=(f"service:{message.source}",))


class InboxProcessor:
    def __init__(self, wiring: Wiring, handlers: Mapping[str, MessageHandler], *, page_size: int = 500) -> None:
        self._wiring = wiring
        self._handlers = handlers
        self._page_size = page_size
        self.next_due: datetime | None = None  # the earliest retry of a message that failed

    async def run(self, idle_seconds: float) -> None:
        """Take effect until cancelled: woken by each receipt, by a failed message's retry, or when idle."""
        assert self._wiring.bells is not None
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
            done, held, after = 0, dict[tuple[str, str], int](), None
            self.next_due = None
            while rows := await self._page(after):
                for row in rows:
                    key, version = (row.source, row.stream_id or row.message_id), row.version or 0
                    if key in held and version > held[key]:
                        continue  # a later message of a stream whose earlier one waits must not overtake it
                    if await self._take_effect(row):
                        done += 1
                    else:
                        held[key] = min(version, held.get(key, version))
                after = tuple(getattr(rows[-1], column.name) for column in _ORDER)
            return done

    async def _page(self, after: tuple[Any, ...] | None) -> list[Row[Any]]:
        query = select(inbox).where(inbox.c.processed_at.is_(None)).order_by(*_ORDER).limit(self._page_size)
        if after is not None:
            query = query.where(tuple_(*_ORDER) > tuple_(*after))
        async with self._wiring.engine.connect() as conn:
            rows = list((await conn.execute(query)).all())
            await conn.rollback()
        return rows

    async def _take_effect(self, row: Row[Any]) -> bool:
        if row.next_attempt_at is not None and (due := as_utc(row.next_attempt_at)) > self._wiring.clock():
            self.next_due = min(due, self.next_due or due)
            return False  # failed lately: tried again after its backoff
        message = _MESSAGE.validate_json(row.body)
        for attempt in range(1, RETRIES_ON_CONFLICT + 1):
            try:
                return await self._apply(message)  # False: another worker made it take effect first
            except NotReadyError as waiting:
                await self._note_waiting(row, str(waiting))
                return False
            except ConflictError as conflict:  # a command changed the same aggregate meanwhile: decide again
                if conflict.rule != "optimistic_concurrency" or attempt == RETRIES_ON_CONFLICT:
                    await self._note_failure(row, conflict)
                    return False
            except Exception as error:  # noqa: BLE001 - one bad message must not stop the others
                await self._note_failure(row, error)
                return False
        return False

    async def _apply(self, message: Message) -> bool:
        """The handler's effects and the inbox mark in one transaction; nothing if another worker was first."""
        async with UnitOfWork(self._wiring, metadata_of(message)) as uow:
            handler = self._handlers.get(message.type)
            if handler is not None:
                await handler(uow, message)
            await uow.begin()
            assert uow.conn is not None
            claimed = await uow.conn.execute(
                update(inbox).where(_key(message.source, message.message_id), inbox.c.processed_at.is_(None))
                .values(processed_at=self._wiring.clock(), waiting_for=None, last_error=None))
            if claimed.rowcount != 1:
                return False
            await uow.commit()
            return True

    async def _note_waiting(self, row: Row[Any], waiting_for: str) -> None:
        if row.waiting_for != waiting_for:
            log.info("message %s waits: %s", row.message_id, waiting_for)
            await self._set(row, waiting_for=waiting_for[:2000])

    async def _note_failure(self, row: Row[Any], error: Exception) -> None:
        attempts = row.attempts + 1
        if attempts == 1:
            log.exception("message %s (%s) failed to take effect; retried with backoff", row.message_id, row.type)
        else:
            log.warning("message %s failed again (attempt %s): %s", row.message_id, attempts, error)
        delay = min(MAX_BACKOFF_SECONDS, 2.0 ** (attempts - 1))
        await self._set(row, attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000],
                        next_attempt_at=self._wiring.clock() + timedelta(seconds=delay))

    async def _set(self, row: Row[Any], **values: Any) -> None:
        async with self._wiring.engine.begin() as conn:
            await conn.execute(update(inbox).where(_key(row.source, row.message_id)).values(**values))


def _key(source: str, message_id: str):  # type: ignore[no-untyped-def]
    return (inbox.c.source == source) & (inbox.c.message_id == message_id)
