"""Append throughput on PostgreSQL: the project's event store against two baselines, in one run.

Contenders, each with its own table in one scratch database, each given the same workload:
16 concurrent writers, each committing `--transactions` transactions of `--events` events
(~300-byte JSON state) appended to one new stream at versions 1..E (expected version 0).

* ours: `shared.eventstore.store.EventStore` on the SQLAlchemy async engine (asyncpg). It hashes
  every event into the stream's sha256 chain and derives the notification id from the xid.
* raw: asyncpg `executemany` of the same column values into an identical `raw_events` table
  (notification id from a sequence) in the same transaction shape: the floor set by the database.
* eventsourcing: the library's `PostgresApplicationRecorder` (psycopg 3, 16 threads, pool of 16),
  which takes `LOCK TABLE ... IN EXCLUSIVE MODE` per insert to keep its notification ids gapless.

Prints one line per contender (with this process's CPU time per event: the client's share, steadier than the
wall clock on a shared machine), then `ratio_vs_raw=<x> ratio_vs_eventsourcing=<y>` (ours ÷ them, events/s)
and `cpu_per_event_vs_raw=<z>` (ours ÷ raw, client CPU per event: lower is better).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg  # noqa: E402
from eventsourcing.persistence import StoredEvent  # noqa: E402
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402

from bench.timing import WRITERS, Result, run_async, run_threads  # noqa: E402
from shared.eventstore.db import create_engine  # noqa: E402
from shared.eventstore.store import EventStore, Metadata, NewEvent  # noqa: E402
from shared.eventstore.tables import metadata  # noqa: E402

TOPIC = "bench.domain:AmountRecorded"
STATE = json.dumps({"contract_id": str(uuid4()), "amount": "1234567.89", "note": "n" * 220}).encode()
FAKE_HASH = "f" * 64
RAW_INSERT = (
    "INSERT INTO raw_events (stream_id, version, topic, state, recorded_at, effective_date, actor, correlation_id,"
    " causation_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
)
RAW_DDL = [
    "CREATE TABLE raw_events (LIKE events INCLUDING ALL)",  # same columns, primary key, unique, indexes
    "CREATE SEQUENCE raw_events_notification_id_seq OWNED BY raw_events.notification_id",
    "ALTER TABLE raw_events ALTER notification_id SET DEFAULT nextval('raw_events_notification_id_seq')",
]


async def checkpoint(admin: asyncpg.Connection) -> None:
    """Start every contender with the WAL flushed; skipped where the role may not CHECKPOINT."""
    try:
        await admin.execute("CHECKPOINT")
    except asyncpg.InsufficientPrivilegeError:
        pass


async def bench(url: URL, admin: asyncpg.Connection, args: argparse.Namespace) -> list[Result]:
    """The three contenders one after the other on one scratch database, each after a checkpoint."""
    dsn = url.render_as_string(hide_password=False)
    results: list[Result] = []
    for contender in (bench_ours, bench_raw, bench_eventsourcing):
        await checkpoint(admin)
        results.append(await contender(url, dsn, args))
    scratch = await asyncpg.connect(dsn)
    counts = [await scratch.fetchval(f"SELECT count(*) FROM {t}") for t in ("events", "raw_events", "stored_events")]
    await scratch.close()
    assert counts == [WRITERS * (args.warmup + args.transactions) * args.events] * 3, f"rows written: {counts}"
    return results


async def bench_ours(url: URL, dsn: str, args: argparse.Namespace) -> Result:
    engine = create_engine(dsn, pool_size=WRITERS)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    new_events = [NewEvent(TOPIC, STATE, date.today())] * args.events

    async def ours() -> None:
        async with engine.connect() as conn:
            await conn.begin()
            await EventStore(conn).append(str(uuid4()), 0, new_events, Metadata("bench", str(uuid4())))
            await conn.commit()

    try:
        return await run_async("ours", ours, args)
    finally:
        await engine.dispose()


async def bench_raw(url: URL, dsn: str, args: argparse.Namespace) -> Result:
    pool = await asyncpg.create_pool(dsn, min_size=WRITERS, max_size=WRITERS)
    async with pool.acquire() as conn:
        for statement in RAW_DDL:
            await conn.execute(statement)
    today, n = date.today(), args.events

    async def raw() -> None:
        stream, correlation, now = str(uuid4()), str(uuid4()), datetime.now(UTC)
        rows = [(stream, v, TOPIC, STATE, now, today, "bench", correlation, None, FAKE_HASH, FAKE_HASH)
                for v in range(1, n + 1)]
        async with pool.acquire() as conn, conn.transaction():
            await conn.executemany(RAW_INSERT, rows)

    try:
        return await run_async("raw asyncpg", raw, args)
    finally:
        await pool.close()


async def bench_eventsourcing(url: URL, dsn: str, args: argparse.Namespace) -> Result:
    datastore = PostgresDatastore(url.database or "", url.host or "127.0.0.1", url.port or 5432,
                                  url.username or "postgres", url.password or "", pool_size=WRITERS)
    recorder = PostgresApplicationRecorder(datastore)
    recorder.create_table()

    def eventsourcing() -> None:
        stream = uuid4()
        recorder.insert_events([StoredEvent(stream, v, TOPIC, STATE) for v in range(1, args.events + 1)])

    try:
        return await asyncio.to_thread(run_threads, "eventsourcing", eventsourcing, args)
    finally:
        datastore.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=200, help="timed transactions per writer")
    parser.add_argument("--events", type=int, default=5, help="events per transaction (one stream)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed transactions per writer first")
    args = parser.parse_args()

    base = make_url(os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    base = base.set(drivername="postgresql")
    name = f"tenure_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(base.render_as_string(hide_password=False))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        results = await bench(base.set(database=name), admin, args)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    for result in results:
        print(result.line())
    ours, raw, eventsourcing = results
    print(f"ratio_vs_raw={ours.rate / raw.rate:.2f} ratio_vs_eventsourcing={ours.rate / eventsourcing.rate:.2f} "
          f"cpu_per_event_vs_raw={(ours.cpu / ours.events) / (raw.cpu / raw.events):.2f}")


if __name__ == "__main__":
    asyncio.run(main())
