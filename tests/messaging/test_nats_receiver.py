"""The NATS transport and receiver against the real broker: what is recorded in the receiver's inbox, and what
the broker keeps of it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.auth.messages import MessageSigner
from shared.delivery.nats import NatsTransport, stream_name, subject
from shared.delivery.nats_receiver import NatsReceiver
from shared.delivery.transport import Pending
from shared.eventstore.db import create_engine
from shared.eventstore.tables import inbox, metadata
from shared.messages import message_id_of
from shared.unit_of_work import Wiring
from tests.conftest import fresh_database_url
from tests.messaging.conftest import NATS_URL

MASTER = b"messaging-tests-master-key-000000"
CONTRACT = MessageSigner("contract", master=MASTER)
APPRAISAL = MessageSigner("appraisal", master=MASTER)


def pending(stream_id: str, version: int, row: int = 0) -> Pending:
    message_id = message_id_of("contract", stream_id, version)
    body = {"message_id": message_id, "source": "contract", "type": "Manager.Registered", "stream_id": stream_id,
            "version": version, "recorded_at": "2026-01-01T00:00:00+00:00", "effective_date": None,
            "actor": "hr", "correlation_id": "c", "causation_id": None, "payload": {"code": f"M{version}"}}
    return Pending(row, stream_id, message_id, json.dumps(body))


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """The receiving service's database: the foundation's tables on a fresh SQLite file."""
    engine = create_engine(await fresh_database_url("sqlite", tmp_path))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@contextlib.asynccontextmanager
async def receiving(engine: AsyncEngine, prefix: str) -> AsyncIterator[NatsReceiver]:
    """Appraisal's receiver running in the background until the block ends."""
    receiver = NatsReceiver(NATS_URL, Wiring("appraisal", engine), APPRAISAL, ["contract", "appraisal"],
                            prefix=prefix, fetch_seconds=1.0, retry_seconds=0.2)
    task = asyncio.create_task(receiver.run())
    try:
        yield receiver
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def recorded(engine: AsyncEngine, count: int, timeout: float = 10.0) -> list[str]:
    """The inbox's message ids in arrival order, once it holds `count` (or what it holds at the timeout)."""
    query = select(inbox.c.message_id).order_by(inbox.c.received_at, inbox.c.position)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        async with engine.connect() as conn:
            ids = list((await conn.execute(query)).scalars())
        if len(ids) >= count or asyncio.get_running_loop().time() > deadline:
            return ids
        await asyncio.sleep(0.05)


async def test_a_message_published_twice_is_recorded_once(engine: AsyncEngine, nats_prefix: str) -> None:
    transport = NatsTransport(NATS_URL, CONTRACT, prefix=nats_prefix)
    stream = str(uuid.uuid4())
    try:
        await transport.send("appraisal", [pending(stream, 1)])
        await transport.send("appraisal", [pending(stream, 1), pending(stream, 2)])  # the relay resends a batch
        async with receiving(engine, nats_prefix):
            assert await recorded(engine, 2) == [message_id_of("contract", stream, v) for v in (1, 2)]
            await asyncio.sleep(0.3)
            assert len(await recorded(engine, 3, timeout=0)) == 2
    finally:
        await transport.aclose()
    client = await nats.connect(NATS_URL)
    info = await client.jetstream().stream_info(stream_name(nats_prefix, "contract"))
    await client.close()
    assert info.state.last_seq == 2, "the broker stored the resent message again"


async def test_a_forged_message_is_terminated_and_never_recorded(
    engine: AsyncEngine, nats_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    stream = str(uuid.uuid4())
    forged, genuine = pending(stream, 1), pending(stream, 2)
    forger = MessageSigner("contract", master=b"not-the-group-master-key-0000000")
    transport = NatsTransport(NATS_URL, CONTRACT, prefix=nats_prefix)
    client = await nats.connect(NATS_URL)
    try:
        async with receiving(engine, nats_prefix) as receiver:
            await asyncio.sleep(0.3)  # its stream and consumer exist
            js = client.jetstream()
            body = forged.body.encode()
            await js.publish(subject(nats_prefix, "contract", "appraisal"), body,
                             headers=forger.headers("appraisal", body))
            await transport.send("appraisal", [genuine])
            assert await recorded(engine, 1) == [genuine.message_id]
            await asyncio.sleep(0.3)
            consumer = await js.consumer_info(stream_name(nats_prefix, "contract"), receiver.destination)
    finally:
        await client.close()
        await transport.aclose()
    assert await recorded(engine, 2, timeout=0) == [genuine.message_id]
    assert (consumer.num_ack_pending, consumer.num_pending, consumer.num_redelivered) == (0, 0, 0)
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 1 and "does not match" in refusals[0], refusals


async def test_a_receiver_that_was_down_gets_every_message_sent_meanwhile_in_order(
    engine: AsyncEngine, nats_prefix: str
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    transport = NatsTransport(NATS_URL, CONTRACT, prefix=nats_prefix)
    try:
        async with receiving(engine, nats_prefix):
            await transport.send("appraisal", [pending(first, 1)])
            assert len(await recorded(engine, 1)) == 1
        await transport.send("appraisal", [pending(first, 2), pending(second, 1), pending(first, 3)])
        await transport.send("appraisal", [pending(second, 2)])
        async with receiving(engine, nats_prefix):
            ids = await recorded(engine, 5)
    finally:
        await transport.aclose()
    # order holds per stream (not across streams: JetStream and the relay promise no more)
    for stream, versions in ((first, (1, 2, 3)), (second, (1, 2))):
        assert [i for i in ids if stream in i] == [message_id_of("contract", stream, v) for v in versions]
    assert len(ids) == 5


async def test_messages_the_database_could_not_record_stay_on_the_broker_until_it_can(
    tmp_path: Path, nats_prefix: str
) -> None:
    engine = create_engine(await fresh_database_url("sqlite", tmp_path))  # no inbox table yet: every insert fails
    stream = str(uuid.uuid4())
    transport = NatsTransport(NATS_URL, CONTRACT, prefix=nats_prefix)
    try:
        await transport.send("appraisal", [pending(stream, 1), pending(stream, 2)])
        async with receiving(engine, nats_prefix):
            await asyncio.sleep(0.5)
            await transport.send("appraisal", [pending(stream, 3)])
            async with engine.begin() as conn:
                await conn.run_sync(metadata.create_all)
            ids = await recorded(engine, 3)
    finally:
        await transport.aclose()
        await engine.dispose()
    assert ids == [message_id_of("contract", stream, v) for v in (1, 2, 3)]


async def test_a_message_that_waited_on_the_broker_past_the_http_tolerance_is_still_trusted(
    engine: AsyncEngine, nats_prefix: str
) -> None:
    old = pending(str(uuid.uuid4()), 1)
    body = old.body.encode()
    client = await nats.connect(NATS_URL)
    try:
        async with receiving(engine, nats_prefix):
            await asyncio.sleep(0.3)  # its stream and consumer exist
            signed_an_hour_ago = CONTRACT.headers("appraisal", body, now=time.time() - 3600)
            await client.jetstream().publish(subject(nats_prefix, "contract", "appraisal"), body,
                                             headers=signed_an_hour_ago)
            assert await recorded(engine, 1) == [old.message_id]
    finally:
        await client.close()
