"""Faults: a transaction held open. Another database's does not delay this database's feed; this database's
holds the feed back (so nothing is skipped) and releases it on commit. PostgreSQL only: on SQLite one writer
at a time commits in id order (shared/eventstore/db.py), there is no horizon."""

from __future__ import annotations

import asyncio

from tests.faults.feed_horizon_helpers import (
    foundation_database, held_open, read_feed, reader_role, seen_within, write_one,
)

HOLD_SECONDS = 3.0
PROMPT = 0.5  # seconds: "at once" for a committed event, with two busy cores


async def test_a_transaction_held_open_in_another_database_does_not_delay_this_feed(tmp_path) -> None:
    async with foundation_database(tmp_path / "a") as here, foundation_database(tmp_path / "b") as elsewhere:
        loop = asyncio.get_running_loop()
        delays: list[float | None] = []
        async with held_open(elsewhere) as foreign_stream:
            start = loop.time()
            while loop.time() - start < HOLD_SECONDS:  # an event written and read every ~0.3 s of the hold
                delays.append(await seen_within(here, await write_one(here), PROMPT))
                await asyncio.sleep(0.25)
            held_for = loop.time() - start
        assert held_for >= HOLD_SECONDS
        late = [d for d in delays if d is None]
        assert not late, f"{len(late)} of {len(delays)} events waited more than {PROMPT} s for another database"
        assert len(delays) >= 5 and max(delays) < PROMPT  # type: ignore[type-var]
        assert [r.stream_id for r in await read_feed(elsewhere)] == [foreign_stream]  # it was a real write


async def test_a_transaction_held_open_in_this_database_holds_the_feed_back_and_nothing_is_skipped(tmp_path) -> None:
    async with foundation_database(tmp_path) as here:
        async with held_open(here) as early:  # the smaller xid, committed last
            late = await write_one(here)
            assert await seen_within(here, late, 1.0) is None, "an event above an open transaction was returned"
            assert await read_feed(here) == []
        # Committed now: both come, in id order, the early one first; a reader that had moved past the late
        # one would have skipped the early one for ever.
        assert [r.stream_id for r in await read_feed(here)] == [early, late]



async def test_a_reader_role_with_only_select_on_events_does_not_wait_on_another_database(tmp_path) -> None:
    """In production each service may have a role of its own, without `pg_read_all_stats`: PostgreSQL shows
    every role the database and backend_xid of every session (not their queries), which is all the horizon needs."""
    async with foundation_database(tmp_path / "a") as here, foundation_database(tmp_path / "b") as elsewhere:
        async with reader_role(here) as reader:
            async with held_open(elsewhere):
                first = await write_one(here)
                assert await seen_within(reader, first, PROMPT) is not None
            async with held_open(here) as early:
                late = await write_one(here)
                assert await seen_within(reader, late, 1.0) is None, "an event above an open transaction was returned"
            assert [r.stream_id for r in await read_feed(reader)] == [first, early, late]
