"""An Idempotency-Key is claimed before its command runs (shared/api/idempotency.py): a duplicate waits for the
first and replays its answer, or after the bound hears 409 `idempotency_in_progress` with Retry-After; on
PostgreSQL the claim holds across processes (two engines stand for two processes of one service)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from shared.api import idempotency as claims
from shared.eventstore.db import create_engine
from shared.eventstore.tables import events
from shared.unit_of_work import UnitOfWork, Wiring
from tests.foundation.conftest import client, count
from tests.foundation.ledger_app import ledger_app


@pytest.fixture
def held_save(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The first command's save waits for `release`; `entered` is set once it is inside."""
    entered, release, save, calls = asyncio.Event(), asyncio.Event(), UnitOfWork.save, [0]

    async def save_when_released(self, *aggregates, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 1:
            entered.set()
            await asyncio.wait_for(release.wait(), 10)
        return await save(self, *aggregates, **kwargs)

    monkeypatch.setattr(UnitOfWork, "save", save_when_released)
    return entered, release


async def test_a_duplicate_while_the_first_still_runs_past_the_bound_is_409_in_progress_with_retry_after(
    foundation_engine, held_save, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims, "CLAIM_WAIT_SECONDS", 0.3)
    entered, release = held_save
    key = {"Idempotency-Key": "slow-one"}
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        first = asyncio.create_task(http.post("/ledgers", json={"owner": "郑爽"}, headers=key))
        await asyncio.wait_for(entered.wait(), 10)
        busy = await http.post("/ledgers", json={"owner": "郑爽"}, headers=key)
        release.set()
        answered = await asyncio.wait_for(first, 10)
        later = await http.post("/ledgers", json={"owner": "郑爽"}, headers=key)
    assert busy.status_code == 409 and busy.headers["retry-after"] == "1", busy.text
    assert (busy.json()["field"], busy.json()["rule"]) == ("Idempotency-Key", "idempotency_in_progress")
    assert answered.status_code == later.status_code == 201 and later.content == answered.content
    assert await count(foundation_engine, events) == 1


@pytest.mark.parametrize("backend", ["postgres"])
async def test_duplicates_sent_to_two_processes_wait_for_the_first_and_replay_its_answer(
    database_url: str, foundation_engine
) -> None:
    """With If-Match, a duplicate that ran beside the first instead of waiting would be refused as stale."""
    other = create_engine(database_url)
    try:
        one, two = (client(ledger_app(Wiring(source="ledger", engine=engine))) for engine in (foundation_engine, other))
        async with one, two:
            ledger = (await one.post("/ledgers", json={"owner": "冯静"})).json()["id"]
            headers = {"Idempotency-Key": "credit-once", "If-Match": '"1"'}
            answers = await asyncio.wait_for(asyncio.gather(*(
                http.post(f"/ledgers/{ledger}/credits", json={"amount": "5.00"}, headers=headers)
                for http in (one, two) * 5)), 30)
    finally:
        await other.dispose()
    assert [a.status_code for a in answers] == [201] * 10, [a.text for a in answers if a.status_code != 201][:2]
    assert len({a.content for a in answers}) == 1
    async with foundation_engine.connect() as conn:
        assert len((await conn.execute(select(events.c.version).where(events.c.stream_id == ledger))).all()) == 2


async def test_a_command_that_keeps_losing_its_stream_is_retried_with_backoff_then_409_with_retry_after(
    foundation_engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.api import routing
    from shared.errors import ConflictError

    tries: list[float] = []

    async def always_lost(self, *aggregates, **kwargs):  # type: ignore[no-untyped-def]
        tries.append(asyncio.get_running_loop().time())
        raise ConflictError("stream moved", field="expected_version", rule="optimistic_concurrency")

    monkeypatch.setattr(routing, "RETRY_BUDGET_SECONDS", 0.5)
    monkeypatch.setattr(UnitOfWork, "save", always_lost)
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        answer = await http.post("/ledgers", json={"owner": "韩梅"})
    assert answer.status_code == 409 and answer.headers["retry-after"] == "1", answer.text
    assert answer.json()["rule"] == "optimistic_concurrency"
    assert 3 < len(tries) < 200 and tries[-1] - tries[0] <= 0.5  # decided again, paced, within the budget
    assert await count(foundation_engine, events) == 0
