"""The relay: delivers outbox rows over HTTP, at least once, in order per stream, with backoff."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.messages import MessageSigner
from shared.eventstore.chain import as_utc
from shared.eventstore.db import read_connection
from shared.eventstore.store import utc_now
from shared.eventstore.tables import outbox

log = logging.getLogger(__name__)
RELAY_LOCK_KEY = 7_310_001  # one relay per database delivers at a time, so per-stream order holds


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        endpoints: Mapping[str, str],
        *,
        signer: MessageSigner,
        client: httpx.AsyncClient | None = None,
        batch_size: int = 200,
        base_delay: float = 0.5,
        max_delay: float = 60.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._engine = engine
        self._endpoints = dict(endpoints)  # destination name → base URL of its service
        self._signer = signer  # every message is signed for its receiver (shared/auth/messages.py)
        self._client = client or httpx.AsyncClient(timeout=10.0)
        self._batch_size = batch_size
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._clock = clock

    async def deliver_once(self) -> int:
        """One pass over pending rows; returns how many were delivered."""
        async with self._engine.connect() as lock_conn:
            if not await _take_relay_lock(lock_conn):
                return 0
            try:
                return await self._deliver_pending()
            finally:
                await _release_relay_lock(lock_conn)

    async def _deliver_pending(self) -> int:
        async with read_connection(self._engine) as conn:
            rows = (
                await conn.execute(
                    select(outbox)
                    .where(outbox.c.delivered_at.is_(None), outbox.c.destination.in_(self._endpoints))
                    .order_by(outbox.c.id)
                    .limit(self._batch_size)
                )
            ).all()
            await conn.rollback()
        now = self._clock()
        blocked: set[tuple[str, str]] = set()
        delivered = 0
        for row in rows:
            key = (row.destination, row.stream_id)
            if key in blocked:
                continue
            if row.next_attempt_at is not None and as_utc(row.next_attempt_at) > now:
                blocked.add(key)  # a later message of this stream must not overtake it
                continue
            error = await self._post(row.destination, row.body)
            await self._record(row.id, row.attempts, error)
            if error is None:
                delivered += 1
            else:
                blocked.add(key)
        return delivered

    async def _post(self, destination: str, body: str) -> str | None:
        url = self._endpoints[destination].rstrip("/") + "/inbox"
        try:
            content = body.encode()
            headers = {"content-type": "application/json", **self._signer.headers(destination, content)}
            response = await self._client.post(url, content=content, headers=headers)
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}"
        if response.status_code >= 300:
            return f"HTTP {response.status_code}: {response.text[:500]}"
        return None

    async def _record(self, row_id: int, attempts: int, error: str | None) -> None:
        now = self._clock()
        if error is None:
            values = {"delivered_at": now, "attempts": attempts + 1, "last_error": None}
        else:
            delay = min(self._max_delay, self._base_delay * (2**attempts))
            values = {"attempts": attempts + 1, "next_attempt_at": now + timedelta(seconds=delay), "last_error": error}
            log.warning("outbox row %s not delivered (attempt %s): %s", row_id, attempts + 1, error)
        async with self._engine.begin() as conn:
            await conn.execute(update(outbox).where(outbox.c.id == row_id).values(**values))

    async def run(self, stop: asyncio.Event, interval: float = 0.2) -> None:
        """Deliver until told to stop; a failing pass is logged and retried, never fatal."""
        while not stop.is_set():
            try:
                delivered = await self.deliver_once()
            except Exception:  # noqa: BLE001 - the relay must outlive a database or network hiccup
                log.exception("outbox relay pass failed")
                delivered = 0
            if delivered == 0:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=interval)
                except TimeoutError:
                    pass

    async def aclose(self) -> None:
        await self._client.aclose()


async def _take_relay_lock(conn) -> bool:  # type: ignore[no-untyped-def]
    if conn.dialect.name != "postgresql":
        return True  # SQLite is embedded: one process, one relay
    return bool(await conn.scalar(text(f"SELECT pg_try_advisory_lock({RELAY_LOCK_KEY})")))


async def _release_relay_lock(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "postgresql":
        await conn.execute(text(f"SELECT pg_advisory_unlock({RELAY_LOCK_KEY})"))
        await conn.commit()
