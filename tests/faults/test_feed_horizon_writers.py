"""Faults: 8 writers and a tailing reader while another database holds a write open the whole time. The
reader misses nothing, reads nothing twice, reads in order, and keeps up (it does not wait for the other
database's transaction to end: the run is over before it is)."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import text

from tests.faults.feed_horizon_helpers import append, foundation_database, held_open, read_feed

WRITERS = 8
TRANSACTIONS_PER_WRITER = 20
CATCH_UP = 2.0  # seconds after the last commit by which the reader must have read everything


async def test_a_tailing_reader_misses_nothing_and_keeps_up_while_another_database_holds_a_write(tmp_path) -> None:
    async with foundation_database(tmp_path / "a") as here, foundation_database(tmp_path / "b") as elsewhere:
        written: set[tuple[str, int]] = set()
        done = asyncio.Event()

        async def writer(seed: int) -> None:
            rng = random.Random(seed)
            for _ in range(TRANSACTIONS_PER_WRITER):
                n = rng.randint(1, 4)
                async with here.connect() as conn:
                    await conn.begin()
                    stream = await append(conn, n)
                    # Held open a random while, so that commits land out of id order.
                    await conn.execute(text("SELECT pg_sleep(:s)"), {"s": rng.uniform(0, 0.02)})
                    await conn.commit()
                written.update((stream, v) for v in range(1, n + 1))

        async def reader() -> list[tuple[str, int, int]]:
            seen: list[tuple[str, int, int]] = []
            after, loop = 0, asyncio.get_running_loop()
            deadline = None
            while True:
                if done.is_set():
                    deadline = deadline or loop.time() + CATCH_UP
                    if len(seen) >= len(written) or loop.time() > deadline:
                        return seen
                batch = await read_feed(here, after)
                seen.extend((r.stream_id, r.version, r.notification_id) for r in batch)
                after = batch[-1].notification_id if batch else after
                await asyncio.sleep(0 if batch else 0.005)

        async with held_open(elsewhere):  # open from before the first write until after the last read
            tail = asyncio.create_task(reader())
            await asyncio.wait_for(asyncio.gather(*(writer(i) for i in range(WRITERS))), 60)
            done.set()
            seen = await asyncio.wait_for(tail, CATCH_UP + 10)

    ids = [n for _, _, n in seen]
    assert ids == sorted(ids), "notifications came out of order"
    assert len(ids) == len(set(ids)), "a notification was read twice"
    missed = written - {(s, v) for s, v, _ in seen}
    assert not missed, f"{len(missed)} of {len(written)} notifications were missed or came late"
