"""Doorbells: a commit that leaves work behind wakes whoever does that work, instead of their polling for it.

In process, a `Doorbell` is rung by the unit of work after its commit. On PostgreSQL the same commit also
sends `NOTIFY <channel>`, and `listening` turns those notifications (from any process) into rings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


class Listener:
    """One waiter's view of a doorbell: a ring since its last wake wakes it at once."""

    def __init__(self) -> None:
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()

    async def wait(self, timeout: float) -> bool:
        """Until rung or `timeout` seconds; True when rung. Rings during the work after a wake are kept."""
        try:
            await asyncio.wait_for(self._rung.wait(), timeout)
        except TimeoutError:
            return False
        finally:
            self._rung.clear()
        return True


class Doorbell:
    def __init__(self, channel: str) -> None:
        self.channel = channel  # the PostgreSQL NOTIFY channel that rings it from other processes
        self._listeners: list[Listener] = []

    def listener(self) -> Listener:
        listener = Listener()
        self._listeners.append(listener)
        return listener

    def ring(self) -> None:
        for listener in self._listeners:
            listener.ring()


def channel_name(kind: str, service: str) -> str:
    return f"tenure_{kind}_{service}"


@dataclass(frozen=True)
class Bells:
    """Rung after a commit that left outbox rows (the relay delivers them) or inbox messages (to take effect)."""

    outbox: Doorbell
    inbox: Doorbell

    @classmethod
    def of(cls, service: str) -> Bells:
        return cls(Doorbell(channel_name("outbox", service)), Doorbell(channel_name("inbox", service)))


@contextlib.asynccontextmanager
async def listening(engine: AsyncEngine, bells: Sequence[Doorbell]) -> AsyncIterator[None]:
    """On PostgreSQL, ring `bells` on their channels' notifications while the block runs; elsewhere nothing."""
    if engine.dialect.name != "postgresql":
        yield
        return
    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    conn: asyncpg.Connection | None = None
    try:
        conn = await asyncpg.connect(dsn)
        for bell in bells:
            await conn.add_listener(bell.channel, lambda *_, bell=bell: bell.ring())
    except (OSError, asyncpg.PostgresError) as error:  # the idle look still finds the work, only later
        log.warning("not listening for commits (%s); falling back to the idle interval", error)
    try:
        yield
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()
