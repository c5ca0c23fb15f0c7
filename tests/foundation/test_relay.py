"""The relay's rules: one destination never delays another, a peer that stops answering is backed off (capped)
and logged once, and found again at once; a message the receiver refuses is set aside, the others delivered;
a commit wakes the relay. The inbox's: a failing message is retried later and holds back only its stream's
later messages; two processors on one database apply each message once."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from fastapi import Response
from sqlalchemy import insert, select

from shared.delivery.processor import InboxProcessor
from shared.delivery.relay import OutboxRelay, Tuning
from shared.delivery.transport import HttpTransport
from shared.eventstore.store import Metadata
from shared.eventstore.tables import events, inbox, outbox
from shared.messages import Message
from shared.unit_of_work import UnitOfWork, Wiring
from tests.foundation.conftest import client, count, open_and_credit
from tests.foundation.ledger_app import ledger_app, on_ledger_credited


class Switch:
    """The consumer behind a switch: while `down`, every request is answered 503 and counted."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app, self.down, self.refused = app, True, 0

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if self.down:
            self.refused += 1
            return await Response(status_code=503)(scope, receive, send)
        return await self.app(scope, receive, send)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def relay_to(producer, routes: dict[str, object], tuning: Tuning = Tuning(base_delay=0.0), clock=None) -> OutboxRelay:  # type: ignore[no-untyped-def]
    """The producer's relay to each destination of `routes`: an ASGI app in process, or a URL."""
    mounts = {f"http://{d}": httpx.ASGITransport(app=a) for d, a in routes.items() if not isinstance(a, str)}
    endpoints = {d: a if isinstance(a, str) else f"http://{d}" for d, a in routes.items()}
    transport = HttpTransport(endpoints, producer.state.security.signer, client=httpx.AsyncClient(mounts=mounts))
    return OutboxRelay(producer.state.wiring.engine, "ledger", list(routes), transport, tuning=tuning,
                       **({"clock": clock} if clock else {}))


async def credits(producer, how_many: int) -> None:  # type: ignore[no-untyped-def]
    async with client(producer) as http:
        for _ in range(how_many):
            await open_and_credit(http)


async def test_one_destination_down_never_delays_another(foundation_engine, consumer) -> None:
    wiring = Wiring(source="ledger", engine=foundation_engine, subscriptions={d: frozenset({"*"}) for d in ("mirror", "other")})
    producer = ledger_app(wiring)
    await credits(producer, 3)
    relay = relay_to(producer, {"mirror": consumer, "other": "http://127.0.0.1:9"})
    assert await relay.deliver_once() == 6  # the mirror's six messages (opened, credited), the other's none
    assert await consumer.state.inbox.process_once() == 6
    await relay.aclose()


async def test_a_peer_that_stops_answering_is_backed_off_capped_logged_once_and_found_again(producer, consumer, caplog) -> None:
    await credits(producer, 2)
    switch, clock = Switch(consumer), Clock()
    relay = relay_to(producer, {"mirror": switch}, Tuning(partitions=1, base_delay=0.5, max_delay=2.0), clock)
    [lane] = relay.lanes
    delays = []
    with caplog.at_level(logging.WARNING, logger="shared.delivery"):
        for _ in range(5):
            assert await relay.deliver_once() == 0
            delays.append((lane.next_try - clock.now).total_seconds())
            assert await relay.deliver_once() == 0  # before its time: not even tried
            clock.advance(delays[-1])
        assert (delays, switch.refused) == ([0.5, 1.0, 2.0, 2.0, 2.0], 5)
        switch.down = False
        assert await relay.deliver_once() == 2 and lane.next_try is None
    said = [r.getMessage() for r in caplog.records]
    assert sum("is not answering" in s for s in said) == 1 and sum("answers again" in s for s in said) == 1
    await relay.aclose()


async def test_a_message_the_receiver_refuses_is_set_aside_and_the_others_delivered(producer, consumer, foundation_engine) -> None:
    await credits(producer, 2)
    async with foundation_engine.begin() as conn:  # a body no inbox can read, between the good ones
        await conn.execute(insert(outbox).values(destination="mirror", message_id="ledger:x:1", stream_id="x",
                                                 body='{"not": "a message"}', created_at=datetime.now(UTC)))
    await credits(producer, 1)
    relay = relay_to(producer, {"mirror": consumer})
    assert await relay.deliver_once() == 3
    assert await relay.deliver_once() == 0
    async with foundation_engine.connect() as conn:
        [dead] = (await conn.execute(select(outbox).where(outbox.c.dead_at.is_not(None)))).all()
    assert dead.message_id == "ledger:x:1" and "422" in dead.last_error and dead.delivered_at is None
    await relay.aclose()


async def test_a_commit_wakes_the_relay_at_once(producer, consumer) -> None:
    relay = relay_to(producer, {"mirror": consumer})
    running = asyncio.create_task(relay.run(producer.state.wiring.bells.outbox, idle_seconds=60))
    await asyncio.sleep(0.1)  # the relay has looked once, found nothing, and sleeps for a minute
    await credits(producer, 1)
    for _ in range(100):
        if await count(consumer.state.wiring.engine, inbox) == 1:
            break
        await asyncio.sleep(0.02)
    running.cancel()
    assert await count(consumer.state.wiring.engine, inbox) == 1, "not delivered within 2 s of the commit"
    await relay.aclose()


async def test_a_failing_message_is_retried_later_and_holds_back_only_its_stream(producer, consumer) -> None:
    async with client(producer) as http:
        first = await open_and_credit(http, "1")
        await http.post(f"/ledgers/{first}/credits", json={"amount": "2"})
        await open_and_credit(http, "3")
    relay = relay_to(producer, {"mirror": consumer})
    assert await relay.deliver_once() == 3
    broken = [True]  # the first ledger's mirror cannot be written until the test mends it

    async def flaky(uow: UnitOfWork, message: Message) -> None:
        if message.stream_id == first and broken[0]:
            raise RuntimeError("the database said no")
        await on_ledger_credited(uow, message)

    clock = Clock()
    processor = InboxProcessor(Wiring(source="mirror", engine=consumer.state.wiring.engine, clock=clock),
                               {"Ledger.Credited": flaky})
    assert await processor.process_once() == 1  # the other ledger's credit; the first's two wait
    assert await processor.process_once() == 0 and processor.next_due == clock.now + timedelta(seconds=1)
    broken[0] = False
    assert await processor.process_once() == 0  # mended, but its backoff has not run out
    clock.advance(1)
    assert await processor.process_once() == 2
    async with consumer.state.wiring.engine.connect() as conn:
        attempts = sorted((await conn.execute(select(inbox.c.attempts))).scalars())
    assert attempts == [0, 0, 1]  # the one that failed once; its stream's later one was held, never tried
    await relay.aclose()


async def test_two_processors_on_one_database_apply_each_message_once(foundation_engine) -> None:
    wiring = Wiring(source="mirror", engine=foundation_engine)
    sent = [Message(message_id=f"ledger:{stream}:2", source="ledger", type="Ledger.Credited", stream_id=stream,
                    version=2, recorded_at="2026-12-02T08:00:00+00:00", effective_date=None, actor="hr.wang",
                    correlation_id="c-1", causation_id=None, payload={"amount": "1.00"})
            for stream in (str(uuid.uuid4()) for _ in range(5))]
    async with UnitOfWork(wiring, Metadata("service:ledger", "c-1")) as uow:
        await uow.receive("ledger", sent)
        await uow.commit()
    twins = [InboxProcessor(wiring, {"Ledger.Credited": on_ledger_credited}) for _ in range(2)]
    done = await asyncio.gather(*(twin.process_once() for twin in twins))
    assert sum(done) == 5 and await count(foundation_engine, events) == 10  # five mirrors, opened and credited
