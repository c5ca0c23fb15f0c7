"""Two foundation databases on the shared server, a writer that leaves its transaction open, a tailing reader."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.eventstore.db import create_engine, read_connection
from shared.eventstore.store import EventStore, Metadata, NewEvent, RecordedEvent
from shared.eventstore.tables import metadata
from tests.conftest import drop_database, fresh_database_url
from tests.faults.clusters import private_cluster

META = Metadata(actor="fault", correlation_id=str(uuid.uuid4()))
READ_TIMEOUT = 5  # seconds: a read that takes longer is a hung read, and fails the test


@asynccontextmanager
async def foundation_database(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A new PostgreSQL database holding the foundation's tables, dropped afterwards."""
    url = await fresh_database_url("postgres", tmp_path)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        yield engine
    finally:
        await engine.dispose()
        await drop_database(url)


async def append(conn: AsyncConnection, n: int = 1) -> str:
    """Append n events to a new stream in the connection's transaction; the stream's id."""
    stream = str(uuid.uuid4())
    await EventStore(conn).append(stream, 0, [NewEvent("t:Fault.Written", b"{}")] * n, META)
    return stream


async def write_one(engine: AsyncEngine) -> str:
    """One event, committed at once."""
    async with engine.begin() as conn:
        return await append(conn)


@asynccontextmanager
async def held_open(engine: AsyncEngine) -> AsyncIterator[str]:
    """A transaction that has written an event (so it has an xid) and stays open until the block ends,
    then commits."""
    async with engine.connect() as conn:
        await conn.begin()
        stream = await append(conn)
        yield stream
        await conn.commit()


async def read_feed(engine: AsyncEngine, after: int = 0) -> list[RecordedEvent]:
    """One page of the feed, as /events reads it (shared/api/feeds.py), bounded in time."""
    async with read_connection(engine) as conn:
        return await asyncio.wait_for(EventStore(conn).read_all(after, limit=1000), READ_TIMEOUT)


async def seen_within(engine: AsyncEngine, stream: str, seconds: float) -> float | None:
    """How long the feed took to return an event of `stream`, polling for at most `seconds`; None if it did not."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while loop.time() - start < seconds:
        if any(r.stream_id == stream for r in await read_feed(engine)):
            return loop.time() - start
        await asyncio.sleep(0.02)
    return None


@asynccontextmanager
async def reader_role(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """An engine on the same database as a role of its own that may only read the events, not a superuser
    nor `pg_read_all_stats`, as a service's role may be in production; the role is dropped afterwards."""
    role = f"tenure_feed_reader_{uuid.uuid4().hex[:8]}"
    async with engine.begin() as conn:
        await conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        await conn.exec_driver_sql(f'GRANT SELECT ON events TO "{role}"')
    reader = create_engine(engine.url.set(username=role).render_as_string(hide_password=False))
    try:
        yield reader
    finally:
        await reader.dispose()
        async with engine.begin() as conn:
            await conn.exec_driver_sql(f'REVOKE ALL ON events FROM "{role}"')
            await conn.exec_driver_sql(f'DROP ROLE "{role}"')


@asynccontextmanager
async def own_cluster(databases: tuple[str, ...]) -> AsyncIterator[list[AsyncEngine]]:
    """A PostgreSQL cluster of its own (prepared transactions enabled, the shared server has them off), with
    the foundation's tables in each named database; stopped and removed afterwards."""
    with private_cluster("max_prepared_transactions=4") as cluster:
        engines = [create_engine(url) for url in cluster.create_databases(*databases)]
        try:
            for engine in engines:
                async with engine.begin() as conn:
                    await conn.run_sync(metadata.create_all)
            yield engines
        finally:
            for engine in engines:
                await engine.dispose()
