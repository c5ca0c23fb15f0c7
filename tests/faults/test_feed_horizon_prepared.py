"""Faults: a prepared transaction (two-phase commit, PREPARE TRANSACTION) left open. It has no session any
more, only a row in pg_prepared_xacts: another database's does not delay this feed, this database's holds it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.faults.feed_horizon_helpers import append, own_cluster, read_feed, seen_within, write_one

PROMPT = 0.5


async def prepare(engine: AsyncEngine, gid: str) -> str:
    """Write one event and PREPARE the transaction: it stays in progress, held by no session."""
    async with engine.connect() as conn:
        await conn.begin()
        stream = await append(conn)
        await conn.exec_driver_sql(f"PREPARE TRANSACTION '{gid}'")
        await conn.rollback()  # SQLAlchemy's view of the connection; the server has nothing left to undo
    return stream


async def test_a_prepared_transaction_holds_only_its_own_databases_feed() -> None:
    async with own_cluster(("here", "elsewhere")) as (here, elsewhere):
        await prepare(elsewhere, "foreign")
        assert await seen_within(here, await write_one(here), PROMPT) is not None
        early = await prepare(here, "local")
        late = await write_one(here)
        assert await seen_within(here, late, 1.0) is None, "an event above a prepared transaction was returned"
        async with here.connect() as conn:  # COMMIT PREPARED may not run inside a transaction block
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("COMMIT PREPARED 'local'")
        assert [r.stream_id for r in await read_feed(here)][-2:] == [early, late]
