"""The event store's promises, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from shared.errors import ConflictError
from shared.eventstore.chain import verify_stream
from shared.eventstore.store import EventStore, Metadata, NewEvent
from shared.eventstore.tables import events

META = Metadata(actor="hr.zhang", correlation_id=str(uuid.uuid4()))


def new_events(n: int, effective: date | None = None) -> list[NewEvent]:
    return [NewEvent(topic="tests:Thing.Happened", state=b'{"n":%d}' % i, effective_date=effective) for i in range(n)]


async def append(engine, stream: str, expected: int, n: int = 1) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        await conn.begin()
        await EventStore(conn).append(stream, expected, new_events(n), META)
        await conn.commit()


async def test_a_stream_reads_back_whole_in_version_order_with_its_metadata(foundation_engine) -> None:
    stream = str(uuid.uuid4())
    async with foundation_engine.connect() as conn:
        await conn.begin()
        await EventStore(conn).append(stream, 0, new_events(3, date(2023, 1, 1)), META)
        await conn.commit()
        records = await EventStore(conn).read_stream(stream)
    assert [r.version for r in records] == [1, 2, 3]
    assert records[0].actor == "hr.zhang" and records[0].correlation_id == META.correlation_id
    assert records[0].effective_date == date(2023, 1, 1)
    assert records[0].recorded_at.tzinfo is not None
    assert records[1].prev_hash == records[0].hash


async def test_concurrent_append_on_one_stream_one_wins_the_other_gets_a_conflict_and_nothing_is_lost(
    foundation_engine,
) -> None:
    stream = str(uuid.uuid4())
    await append(foundation_engine, stream, 0, 2)
    results = await asyncio.gather(
        append(foundation_engine, stream, 2, 3),
        append(foundation_engine, stream, 2, 3),
        return_exceptions=True,
    )
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(conflicts) == 1 and results.count(None) == 1
    async with foundation_engine.connect() as conn:
        records = await EventStore(conn).read_stream(stream)
    assert [r.version for r in records] == [1, 2, 3, 4, 5]  # the winner whole, the loser not at all


async def test_an_append_with_a_stale_expected_version_is_a_conflict(foundation_engine) -> None:
    stream = str(uuid.uuid4())
    await append(foundation_engine, stream, 0, 3)
    with pytest.raises(ConflictError) as caught:
        await append(foundation_engine, stream, 1, 1)
    assert caught.value.rule == "optimistic_concurrency"
    with pytest.raises(ConflictError):
        await append(foundation_engine, stream, 7, 1)


async def test_a_stream_reads_up_to_a_version_and_as_of_a_recorded_time(foundation_engine) -> None:
    stream = str(uuid.uuid4())
    moments = iter([datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)])
    async with foundation_engine.connect() as conn:
        for expected in (0, 2):
            await conn.begin()
            await EventStore(conn, clock=lambda: next(moments)).append(stream, expected, new_events(2), META)
            await conn.commit()
        store = EventStore(conn)
        assert [r.version for r in await store.read_stream(stream, up_to_version=3)] == [1, 2, 3]
        as_of = datetime(2024, 3, 1, tzinfo=UTC)
        assert [r.version for r in await store.read_stream(stream, as_of=as_of)] == [1, 2]
        assert len(await store.read_stream(stream, as_of=as_of + timedelta(days=365))) == 4


async def test_read_all_returns_every_event_once_in_global_order(foundation_engine) -> None:
    streams = [str(uuid.uuid4()) for _ in range(5)]
    for s in streams:
        await append(foundation_engine, s, 0, 3)
    seen, after = [], 0
    # A transaction open elsewhere on the server (another database's) holds PostgreSQL's horizon back: the
    # reader then waits for it, as a tailing reader does, and must still see each event once, in order.
    for _ in range(200):
        async with foundation_engine.connect() as conn:
            while batch := await EventStore(conn).read_all(after, limit=4):
                seen.extend(batch)
                after = batch[-1].notification_id
        if len(seen) >= 15:
            break
        await asyncio.sleep(0.05)
    ids = [r.notification_id for r in seen]
    assert ids == sorted(ids) and len(set(ids)) == 15
    assert [(r.stream_id, r.version) for r in seen] == [(s, v) for s in streams for v in (1, 2, 3)]


async def test_a_failed_transaction_leaves_no_event_behind(foundation_engine) -> None:
    stream = str(uuid.uuid4())
    async with foundation_engine.connect() as conn:
        await conn.begin()
        await EventStore(conn).append(stream, 0, new_events(2), META)
        await conn.rollback()
        assert await conn.scalar(select(func.count()).select_from(events)) == 0


def test_decimal_date_datetime_and_uuid_round_trip_exactly_through_the_mapper() -> None:
    from eventsourcing.domain import Aggregate, event

    from shared.eventstore.codec import mapper

    class Payment(Aggregate):
        @event("Planned")
        def __init__(self, amount: Decimal, on: date, at: datetime, ref: uuid.UUID) -> None:
            self.amount, self.on, self.at, self.ref = amount, on, at, ref

    original = Payment(Decimal("12345.675"), date(2024, 2, 29), datetime(2024, 2, 29, 8, 30, 1, 123456, tzinfo=UTC), uuid.uuid4())
    (created,) = original.collect_events()
    copy = mapper().to_domain_event(mapper().to_stored_event(created)).mutate(None)
    assert (copy.amount, copy.on, copy.at, copy.ref) == (original.amount, original.on, original.at, original.ref)
    assert type(copy.amount) is Decimal and type(copy.on) is date


async def test_streams_read_together_are_appended_to_without_a_query_for_each_head(foundation_engine) -> None:
    streams = [str(uuid.uuid4()) for _ in range(3)]
    for stream in streams:
        await append(foundation_engine, stream, 0, 2)
    sent: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement)

    sync_engine = foundation_engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", seen)
    try:
        async with foundation_engine.connect() as conn:
            await conn.begin()
            store = EventStore(conn)
            await store.read_streams(streams)
            for stream in streams:
                await store.append(stream, 2, new_events(1), META)
            await conn.commit()
    finally:
        event.remove(sync_engine, "before_cursor_execute", seen)
    reads = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "IN (" in reads[0], reads  # the streams' one read, and no head looked up after it
    async with foundation_engine.connect() as conn:
        for stream in streams:
            records = await EventStore(conn).read_stream(stream)
            assert [r.version for r in records] == [1, 2, 3] and verify_stream(stream, records) == []


def test_a_row_of_the_events_table_is_a_record_field_for_field_in_column_order() -> None:
    from shared.eventstore.recorded import RecordedEvent

    assert tuple(column.name for column in events.columns) == RecordedEvent._fields
