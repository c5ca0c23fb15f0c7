"""One replay for commands, records and rebuilds: a stream that does not add up (an edited or deleted event, or
one that no longer decodes) is a BrokenStreamError on every path, and through HTTP a `broken-stream` problem."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.errors import BrokenStreamError
from shared.eventstore.store import EventStore, Metadata, NewEvent
from shared.eventstore.tables import events
from shared.records import ManagerStreams, RecordSpec, build_part
from shared.replay import replay_all
from shared.unit_of_work import UnitOfWork, Wiring

from tests.foundation.ledger_app import Ledger, ledger_app
from tests.foundation.test_outbox_inbox_idempotency import client, open_and_credit

META = Metadata(actor="hr.sun", correlation_id=str(uuid.uuid4()))


async def edit(engine: AsyncEngine, stream: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(update(events).where(events.c.stream_id == stream, events.c.version == 2)
                           .values(state=b'{"amount":{"_type_":"decimal_str","_data_":"1000000"}}'))


async def delete_second(engine: AsyncEngine, stream: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(events).where(events.c.stream_id == stream, events.c.version == 2))


async def append_undecodable(engine: AsyncEngine, stream: str) -> None:
    """A fourth event, properly chained, whose topic no longer resolves (a class moved without a mapping)."""
    async with engine.begin() as conn:
        store = EventStore(conn)
        await store.read_stream(stream)
        await store.append(stream, 3, [NewEvent("tests.nowhere:Ledger.Vanished", b"{}")], META)


BREAKAGES = {"edited": (edit, 2), "deleted": (delete_second, 2), "undecodable": (append_undecodable, 4)}


@pytest.fixture(params=list(BREAKAGES))
async def broken_ledger(request: pytest.FixtureRequest, foundation_engine) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """A ledger opened and credited twice through HTTP, then broken in the store; and where it breaks."""
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        ledger = await open_and_credit(http)
        assert (await http.post(f"/ledgers/{ledger}/credits", json={"amount": "2.00"})).status_code == 201
    breakage, position = BREAKAGES[request.param]
    await breakage(foundation_engine, ledger)
    return ledger, position


def assert_names_the_break(error: BrokenStreamError, stream: str, position: int) -> None:
    assert (error.type_slug, error.field, error.rule) == ("broken-stream", "stream_id", "chain_intact")
    assert error.extra == {"stream_id": stream, "position": position}


async def test_a_command_on_a_broken_stream_is_a_broken_stream_problem(foundation_engine, broken_ledger) -> None:
    ledger, position = broken_ledger
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        answer = await http.post(f"/ledgers/{ledger}/credits", json={"amount": "1.00"})
    assert answer.status_code == 500 and answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"].endswith("/broken-stream")
    assert (problem["stream_id"], problem["position"], problem["rule"]) == (ledger, position, "chain_intact")


async def test_a_record_of_a_broken_stream_is_a_broken_stream_error(foundation_engine, broken_ledger) -> None:
    ledger, position = broken_ledger

    async def streams(conn, manager_id):  # type: ignore[no-untyped-def]
        return ManagerStreams([str(manager_id)])

    async def describe(conn, manager_id, found, aggregates):  # type: ignore[no-untyped-def]
        return {}

    uow = UnitOfWork(Wiring(source="ledger", engine=foundation_engine), META, readonly=True)
    with pytest.raises(BrokenStreamError) as caught:
        async with uow:
            await build_part("ledger", RecordSpec(streams, describe), uow, uuid.UUID(ledger), datetime.now(UTC))
    assert_names_the_break(caught.value, ledger, position)


async def test_a_rebuild_over_a_broken_stream_is_a_broken_stream_error(foundation_engine, broken_ledger) -> None:
    ledger, position = broken_ledger
    async with foundation_engine.connect() as conn:
        with pytest.raises(BrokenStreamError) as caught:
            await replay_all(conn)
    assert_names_the_break(caught.value, ledger, position)


async def test_an_intact_stream_replays_alike_for_commands_records_and_rebuilds(foundation_engine) -> None:
    wiring = Wiring(source="ledger", engine=foundation_engine)
    async with client(ledger_app(wiring)) as http:
        ledger = await open_and_credit(http, "10.50")
    async with UnitOfWork(wiring, META) as uow:
        loaded = await uow.load(Ledger, uuid.UUID(ledger))
    rebuilt: list[Ledger] = []

    async def keep(aggregate) -> None:  # type: ignore[no-untyped-def]
        rebuilt.append(aggregate)

    async with foundation_engine.connect() as conn:
        report = await replay_all(conn, keep)
    assert (report.streams, report.events) == (1, 2)
    assert [(a.id, a.version, a.balance) for a in rebuilt] == [(loaded.id, 2, Decimal("10.50"))]
