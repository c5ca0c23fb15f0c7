"""What one pass of the inbox processor holds back, and why a message is not taken at once."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, or_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.eventstore.tables import inbox

log = logging.getLogger("shared.delivery.processor")
MAX_BACKOFF_SECONDS = 60.0
CONTENDED_PAUSE_SECONDS = (0.02, 0.25)


def stream_of(row: Row[Any]) -> tuple[str, str]:
    """The stream an inbox row belongs to (a message recorded before revision 0004 is a stream of its own)."""
    return row.source, row.stream_id or row.message_id


def fresh(row: Row[Any]) -> bool:
    """Never tried before: neither waiting nor failed."""
    return row.waiting_for is None and row.attempts == 0


class TakenElsewhereError(Exception):
    """Another worker made the message take effect first: this step is undone."""


@dataclass
class Pass:
    """What one pass took: how many took effect, and per stream the earliest version that waits or failed."""

    done: int = 0
    held: dict[tuple[str, str], int] = field(default_factory=dict)

    def holds(self, row: Row[Any]) -> bool:
        """A later message of a stream whose earlier one waits must not overtake it; an earlier one may."""
        key = stream_of(row)
        return key in self.held and (row.version or 0) > self.held[key]

    def hold(self, row: Row[Any]) -> None:
        key, version = stream_of(row), row.version or 0
        self.held[key] = min(version, self.held.get(key, version))


def key_of(row: Row[Any]):  # type: ignore[no-untyped-def]
    return (inbox.c.source == row.source) & (inbox.c.message_id == row.message_id)


def keys_of(rows: list[Row[Any]]):  # type: ignore[no-untyped-def]
    """The rows' keys, per source: an index lookup each (a list of pairs would scan the inbox)."""
    ids: dict[str, list[str]] = {}
    for row in rows:
        ids.setdefault(row.source, []).append(row.message_id)
    return or_(*((inbox.c.source == source) & inbox.c.message_id.in_(each) for source, each in ids.items()))


async def note_waiting(engine: AsyncEngine, row: Row[Any], waiting_for: str) -> None:
    """What the message waits for, logged and recorded when it changes."""
    if row.waiting_for != waiting_for:
        log.info("message %s waits: %s", row.message_id, waiting_for)
        await _set(engine, row, waiting_for=waiting_for[:2000])


async def note_failure(engine: AsyncEngine, row: Row[Any], error: Exception, now: datetime) -> None:
    """The failure recorded, and the message tried again after a backoff doubling from 1 s to 60 s."""
    attempts = row.attempts + 1
    if attempts == 1:
        log.error("message %s (%s) failed to take effect; retried with backoff", row.message_id, row.type,
                  exc_info=error)
    else:
        log.warning("message %s failed again (attempt %s): %s", row.message_id, attempts, error)
    delay = min(MAX_BACKOFF_SECONDS, 2.0 ** (attempts - 1))
    await _set(engine, row, attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000],
               next_attempt_at=now + timedelta(seconds=delay))


async def note_contended(engine: AsyncEngine, row: Row[Any], now: datetime) -> None:
    """Lost to concurrent writers on every try of its step: not a failure of the message (no attempt counted,
    nothing logged as an error); taken again after a short jittered pause, as commands are (shared/api/routing.py).
    The pause is here, between transactions: a sleep inside the step would hold its locks (SQLite's write lock)."""
    log.debug("message %s lost to concurrent writers; taken again shortly", row.message_id)
    await _set(engine, row, next_attempt_at=now + timedelta(seconds=random.uniform(*CONTENDED_PAUSE_SECONDS)))


async def _set(engine: AsyncEngine, row: Row[Any], **values: Any) -> None:
    async with engine.begin() as conn:
        await conn.execute(update(inbox).where(key_of(row)).values(**values))
