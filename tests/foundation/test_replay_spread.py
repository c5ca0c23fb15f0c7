"""A whole store replayed by several processes at once: every stream once, the same counts as one process, and a
broken stream the same BrokenStreamError, found by whichever process holds it."""

from __future__ import annotations

import pytest

from shared.errors import BrokenStreamError
from shared.replay import replay_all
from shared.replay_spread import SpreadReplay, cut
from shared.unit_of_work import Wiring

from tests.foundation.ledger_app import ledger_app
from tests.foundation.test_outbox_inbox_idempotency import client, open_and_credit
from tests.foundation.test_replay import assert_names_the_break, edit

LEDGERS = 9


@pytest.fixture
async def spread() -> SpreadReplay:  # type: ignore[misc]
    async with SpreadReplay(2, ["tests.foundation.ledger_app"], spread_from=0) as replay:  # however small the store
        yield replay


async def ledgers(engine) -> list[str]:  # type: ignore[no-untyped-def]
    async with client(ledger_app(Wiring(source="ledger", engine=engine))) as http:
        return [await open_and_credit(http, f"{n}.25") for n in range(LEDGERS)]


def url_of(engine) -> str:  # type: ignore[no-untyped-def]
    return engine.url.render_as_string(hide_password=False)


async def test_the_ranges_cover_every_stream_once_and_a_spread_replay_counts_as_one_process(
    foundation_engine, spread
) -> None:
    ids = sorted(await ledgers(foundation_engine))
    async with foundation_engine.connect() as conn:
        total, ranges = await cut(conn, 3)
        alone = await replay_all(conn)
        parts = [await replay_all(conn, after=after, upto=upto) for after, upto in ranges]
    assert ranges[0][0] == "" and ranges[-1][1] is None and len(ranges) == 3 and total == 2 * LEDGERS
    assert all(upto == after for (_, upto), (after, _) in zip(ranges, ranges[1:]))  # each starts where one ends
    assert [p.streams for p in parts] != [alone.streams, 0, 0]  # cut, not all in the first
    assert sum(p.streams for p in parts) == alone.streams == len(ids)
    report = await spread.run(url_of(foundation_engine))
    assert (report.streams, report.events) == (alone.streams, alone.events) == (LEDGERS, 2 * LEDGERS)
    again = await spread.run(url_of(foundation_engine))  # the processes' connections kept from the run before
    assert (again.streams, again.events) == (report.streams, report.events)


async def test_a_broken_stream_found_by_another_process_is_the_broken_stream_error_it_is_in_one(
    foundation_engine, spread
) -> None:
    last = sorted(await ledgers(foundation_engine))[-1]  # in the last range, replayed by a process of the pool
    await edit(foundation_engine, last)
    with pytest.raises(BrokenStreamError) as caught:
        await spread.run(url_of(foundation_engine))
    assert_names_the_break(caught.value, last, 2)


async def test_a_store_smaller_than_a_spread_is_worth_is_replayed_by_the_caller_alike(foundation_engine) -> None:
    await ledgers(foundation_engine)
    async with SpreadReplay(2, ["tests.foundation.ledger_app"], spread_from=10 * LEDGERS) as small:
        small._pool.shutdown()  # a replay handed to the processes now fails: this one must not be
        report = await small.run(url_of(foundation_engine))
    assert (report.streams, report.events) == (LEDGERS, 2 * LEDGERS)
