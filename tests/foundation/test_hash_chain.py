"""A later edit, deletion or reordering in the events table is found by verifying the chain."""

from __future__ import annotations

import json
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update

from shared.eventstore import chain
from shared.eventstore.chain import verify_stream
from shared.eventstore.store import EventStore, Metadata, NewEvent
from shared.eventstore.tables import events

META = Metadata(actor="hr.li", correlation_id=str(uuid.uuid4()))


async def stored_stream(engine, n: int = 4) -> str:  # type: ignore[no-untyped-def]
    stream = str(uuid.uuid4())
    async with engine.begin() as conn:
        await EventStore(conn).append(stream, 0, [NewEvent("t:E.X", b'{"i":%d}' % i) for i in range(n)], META)
    return stream


async def breaks_of(engine, stream: str):  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return verify_stream(stream, await EventStore(conn).read_stream(stream))


async def test_an_untouched_stream_verifies(foundation_engine) -> None:
    stream = await stored_stream(foundation_engine)
    assert await breaks_of(foundation_engine, stream) == []


async def test_an_edited_event_is_found_at_its_position(foundation_engine) -> None:
    stream = await stored_stream(foundation_engine)
    async with foundation_engine.begin() as conn:
        await conn.execute(
            update(events).where(events.c.stream_id == stream, events.c.version == 2).values(state=b'{"i":99}')
        )
    found = await breaks_of(foundation_engine, stream)
    assert [(b.stream_id, b.position) for b in found] == [(stream, 2)]
    assert "edited" in found[0].problem


async def test_a_deleted_event_is_found_at_its_position(foundation_engine) -> None:
    stream = await stored_stream(foundation_engine)
    async with foundation_engine.begin() as conn:
        await conn.execute(delete(events).where(events.c.stream_id == stream, events.c.version == 2))
    found = await breaks_of(foundation_engine, stream)
    assert found and found[0].position == 2 and all(b.stream_id == stream for b in found)


async def test_reordered_events_are_found(foundation_engine) -> None:
    stream = await stored_stream(foundation_engine)
    async with foundation_engine.begin() as conn:
        await conn.execute(update(events).where(events.c.stream_id == stream, events.c.version == 2).values(version=-2))
        await conn.execute(update(events).where(events.c.stream_id == stream, events.c.version == 3).values(version=2))
        await conn.execute(update(events).where(events.c.stream_id == stream, events.c.version == -2).values(version=3))
    found = await breaks_of(foundation_engine, stream)
    assert {b.position for b in found} >= {2, 3}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(), st.text()), min_size=1, max_size=12))
def test_the_canonical_encoding_is_the_json_array_older_hashes_were_made_of(fields) -> None:  # type: ignore[no-untyped-def]
    assert chain._json_array(fields) == json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
