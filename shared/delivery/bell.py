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

from shared.delivery.health import Outage
from shared.eventstore.db import CONNECT_TIMEOUT_SECONDS, DIALECT_ONLY

log = logging.getLogger(__name__)
RELISTEN_CHECK_SECONDS = 5.0  # how often a listening connection is looked at, besides its termination callback
RELISTEN_PAUSE_SECONDS = 1.0  # between attempts to listen again


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
    """On PostgreSQL, ring `bells` on their channels' notifications while the block runs; elsewhere nothing.

    The listening connection is kept: when it is lost (the server restarted, the backend was terminated) it is
    opened again, one log line when it goes and one when it is back, and every bell is rung once it listens
    again, for the commits it could not hear meanwhile. Until then the idle look still finds the work, later."""
    if engine.dialect.name != "postgresql":
        yield
        return
    plain = engine.url.set(drivername="postgresql").difference_update_query(DIALECT_ONLY)  # not server settings
    dsn = plain.render_as_string(hide_password=False)
    task = asyncio.create_task(_keep_listening(dsn, bells), name="listener")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _keep_listening(dsn: str, bells: Sequence[Doorbell]) -> None:
    outage = Outage("the commit notifications (LISTEN)")
    while True:
        lost = asyncio.Event()
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_SECONDS)
            conn.add_termination_listener(lambda _: lost.set())
            for bell in bells:
                await conn.add_listener(bell.channel, lambda *_, bell=bell: bell.ring())
            outage.answered()
            for bell in bells:
                bell.ring()
            while not conn.is_closed():  # the termination listener says so at once; the look, if it did not
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), RELISTEN_CHECK_SECONDS)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            outage.failed(error)
        finally:
            if conn is not None and not conn.is_closed():
                with contextlib.suppress(Exception):
                    await conn.close()
        outage.failed("connection lost")
        await asyncio.sleep(RELISTEN_PAUSE_SECONDS)
