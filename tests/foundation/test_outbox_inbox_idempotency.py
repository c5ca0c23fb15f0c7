"""Outbox rows commit with their events; a redelivery applies once; a repeated key writes nothing."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import select

from shared.eventstore.tables import events, idempotency, inbox, outbox
from shared.delivery.relay import OutboxRelay
from shared.delivery.transport import HttpTransport
from shared.unit_of_work import Wiring

from tests.delivery import STRAIGHT_ON, outcomes, post_batch
from tests.foundation.conftest import client, count, open_and_credit
from tests.foundation.ledger_app import Ledger


async def test_events_and_their_outbox_rows_commit_together(producer, foundation_engine) -> None:
    async with client(producer) as http:
        await open_and_credit(http)
    assert await count(foundation_engine, events) == 2
    assert await count(foundation_engine, outbox) == 1  # only Credited is subscribed


async def test_a_refused_command_leaves_neither_event_nor_outbox_row(producer, foundation_engine) -> None:
    async with client(producer) as http:
        ledger = (await http.post("/ledgers", json={"owner": "钱芳"})).json()
        refused = await http.post(f"/ledgers/{ledger['id']}/credits", json={"amount": "-1"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["field"] == "amount" and refused.json()["rule"] == "positive_amount"
    assert await count(foundation_engine, events) == 1 and await count(foundation_engine, outbox) == 0


async def test_a_failure_after_the_append_rolls_back_events_and_outbox_rows(foundation_engine) -> None:
    from shared.eventstore.store import Metadata
    from shared.unit_of_work import UnitOfWork

    wiring = Wiring(source="ledger", engine=foundation_engine, subscriptions={"mirror": frozenset({"*"})})
    with pytest.raises(RuntimeError):
        async with UnitOfWork(wiring, Metadata("t", "c")) as uow:
            await uow.save(Ledger("孙伟"))
            raise RuntimeError("the command failed after saving")
    assert await count(foundation_engine, events) == 0 and await count(foundation_engine, outbox) == 0


async def test_a_repeated_idempotency_key_returns_the_first_answer_and_writes_nothing(producer, foundation_engine) -> None:
    async with client(producer) as http:
        first = await http.post("/ledgers", json={"owner": "李娜"}, headers={"Idempotency-Key": "k-1"})
        written = await count(foundation_engine, events)
        again = await http.post("/ledgers", json={"owner": "李娜"}, headers={"Idempotency-Key": "k-1"})
        other = await http.post("/ledgers", json={"owner": "周杰"}, headers={"Idempotency-Key": "k-1"})
    assert again.status_code == first.status_code == 201 and again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert other.status_code == 422 and other.json()["rule"] == "idempotency_key_reuse"
    assert await count(foundation_engine, events) == written == 1
    assert await count(foundation_engine, idempotency) == 1


async def test_concurrent_requests_with_one_idempotency_key_write_once(producer, foundation_engine) -> None:
    async with client(producer) as http:
        answers = await asyncio.gather(
            *(http.post("/ledgers", json={"owner": "吴昊"}, headers={"Idempotency-Key": "race"}) for _ in range(4))
        )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert await count(foundation_engine, events) == 1


async def test_a_redelivered_message_is_applied_once(producer, consumer, foundation_engine) -> None:
    async with client(producer) as http:
        await open_and_credit(http, "7.25")
    async with foundation_engine.connect() as conn:
        body = await conn.scalar(select(outbox.c.body))
    signer = producer.state.security.signer
    async with client(consumer) as http:
        first = outcomes(await post_batch(http, signer, "mirror", json.loads(body)))
        assert await consumer.state.inbox.process_once() == 1
        again = [outcomes(await post_batch(http, signer, "mirror", json.loads(body))) for _ in range(2)]
        twice_in_one = outcomes(await post_batch(http, signer, "mirror", json.loads(body), json.loads(body)))
    assert (first, again, twice_in_one) == (["accepted"], [["duplicate"]] * 2, ["duplicate"] * 2)
    assert await consumer.state.inbox.process_once() == 0
    engine = consumer.state.wiring.engine
    assert await count(engine, events) == 2  # one mirror ledger: opened and credited, once
    assert await count(engine, inbox) == 1


async def test_the_relay_retries_with_backoff_and_delivers_in_stream_order(producer, consumer, foundation_engine) -> None:
    async with client(producer) as http:
        ledger_id = await open_and_credit(http, "1")
        for amount in ("2", "3"):
            await http.post(f"/ledgers/{ledger_id}/credits", json={"amount": amount})

    signer = producer.state.security.signer
    down = OutboxRelay(foundation_engine, "ledger", ["mirror"],
                       HttpTransport({"mirror": "http://127.0.0.1:9"}, signer), tuning=STRAIGHT_ON)
    assert await down.deliver_once() == 0
    async with foundation_engine.connect() as conn:
        rows = (await conn.execute(select(outbox).order_by(outbox.c.id))).all()
    assert all(row.attempts == 1 and row.last_error and row.delivered_at is None for row in rows)
    await down.aclose()

    up = OutboxRelay(foundation_engine, "ledger", ["mirror"],
                     HttpTransport({"mirror": "http://consumer"}, signer, client=client(consumer)), tuning=STRAIGHT_ON)
    assert await up.deliver_once() == 3
    assert await up.deliver_once() == 0
    await up.aclose()
    assert await consumer.state.inbox.process_once() == 3
    async with consumer.state.wiring.engine.connect() as conn:
        received = (await conn.execute(select(inbox.c.message_id).order_by(inbox.c.received_at, inbox.c.position))).scalars().all()
    assert [m.rsplit(":", 1)[1] for m in received] == ["2", "3", "4"]
    assert await count(consumer.state.wiring.engine, events) == 6  # three mirrors, each opened and credited once


async def test_verify_reports_an_edited_event_with_its_stream_and_position(producer, foundation_engine) -> None:
    from sqlalchemy import update

    async with client(producer) as http:
        ledger_id = await open_and_credit(http)
        assert (await http.get("/verify")).json() == {"service": "ledger", "streams_checked": 1, "events_checked": 2, "breaks": []}
        async with foundation_engine.begin() as conn:
            await conn.execute(update(events).where(events.c.version == 2).values(actor="someone.else"))
        report = (await http.get("/verify", params={"stream_id": ledger_id})).json()
    assert [(b["stream_id"], b["position"]) for b in report["breaks"]] == [(ledger_id, 2)]
