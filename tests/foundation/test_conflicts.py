"""A conflict is known by what the database says of it (SQLSTATE and constraint name, SQLite's extended result
code), on SQLite and on PostgreSQL: a concurrent append on one stream is a ConflictError and, through HTTP, a 409."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, select
from sqlalchemy.exc import IntegrityError

from shared.errors import ConflictError
from shared.eventstore.store import EventStore, Metadata, NewEvent
from shared.eventstore.tables import events
from shared.readmodels import upsert
from shared.unit_of_work import UnitOfWork, Wiring

from tests.foundation.ledger_app import ledger_app
from tests.foundation.test_outbox_inbox_idempotency import client

META = Metadata(actor="hr.zhao", correlation_id=str(uuid.uuid4()))


async def append(engine, stream: str, expected: int, n: int = 1) -> None:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        await conn.begin()
        await EventStore(conn).append(stream, expected, [NewEvent("tests:Thing.Happened", b"{}")] * n, META)
        await conn.commit()


async def test_two_first_appends_to_one_new_stream_one_wins_the_other_is_a_conflict(foundation_engine) -> None:
    stream = str(uuid.uuid4())
    results = await asyncio.gather(*(append(foundation_engine, stream, 0, 2) for _ in range(2)), return_exceptions=True)
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(conflicts) == 1 and results.count(None) == 1, results
    assert (conflicts[0].field, conflicts[0].rule) == ("expected_version", "optimistic_concurrency")
    async with foundation_engine.connect() as conn:
        assert [r.version for r in await EventStore(conn).read_stream(stream)] == [1, 2]


async def test_a_write_breaking_another_rule_than_the_streams_uniqueness_is_not_a_conflict(foundation_engine) -> None:
    with pytest.raises(Exception) as caught:
        async with foundation_engine.connect() as conn:
            await conn.begin()
            await EventStore(conn).append(str(uuid.uuid4()), 0, [NewEvent(None, b"{}")], META)  # type: ignore[arg-type]
    assert not isinstance(caught.value, ConflictError)


async def test_a_read_model_row_taking_another_rows_unique_value_is_a_conflict_naming_the_column(foundation_engine) -> None:
    table = Table("codes_view", MetaData(), Column("id", String(36), primary_key=True), Column("code", String(20), unique=True))
    async with foundation_engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
        await upsert(conn, table, {"id": "a", "code": "ACME"})
    with pytest.raises(ConflictError) as caught:
        async with foundation_engine.begin() as conn:
            await upsert(conn, table, {"id": "b", "code": "ACME"})
    assert (caught.value.field, caught.value.rule) == ("code", "unique")
    assert "ACME" not in caught.value.detail  # the database's message (which echoes values) is not passed on


async def test_a_read_model_row_breaking_another_rule_is_not_a_conflict(foundation_engine) -> None:
    table = Table("names_view", MetaData(), Column("id", String(36), primary_key=True), Column("name", String(20), nullable=False))
    async with foundation_engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
    with pytest.raises(IntegrityError):
        async with foundation_engine.begin() as conn:
            await upsert(conn, table, {"id": "a", "name": None})


@pytest.fixture
def hold_between_load_and_save(backend: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """On PostgreSQL, hold the next two commands after they loaded until both have: both then append after the
    same version and one of them loses the race in the store. (SQLite serialises writers at BEGIN: the second
    command loads what the first saved, and is refused or decided again on that.)"""

    def hold() -> None:
        if backend != "postgres":
            return
        barrier, save, calls = asyncio.Barrier(2), UnitOfWork.save, [0]

        async def save_when_both_loaded(self, *aggregates, **kwargs):  # type: ignore[no-untyped-def]
            calls[0] += 1
            if calls[0] <= 2:
                await asyncio.wait_for(barrier.wait(), 10)
            return await save(self, *aggregates, **kwargs)

        monkeypatch.setattr(UnitOfWork, "save", save_when_both_loaded)

    return hold


async def _ledger(http) -> str:  # type: ignore[no-untyped-def]
    response = await http.post("/ledgers", json={"owner": "钱芳"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_concurrent_commands_decided_on_one_version_one_is_a_409(
    backend, foundation_engine, hold_between_load_and_save
) -> None:
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        ledger = await _ledger(http)
        hold_between_load_and_save()
        answers = await asyncio.gather(*(
            http.post(f"/ledgers/{ledger}/credits", json={"amount": amount}, headers={"If-Match": '"1"'})
            for amount in ("1.00", "2.00")
        ))
    assert sorted(a.status_code for a in answers) == [201, 409], [a.text for a in answers]
    conflict = next(a for a in answers if a.status_code == 409)
    assert conflict.headers["content-type"].startswith("application/problem+json")
    assert (conflict.json()["type"].rsplit("/", 1)[1], conflict.json()["rule"]) == ("conflict", "optimistic_concurrency")
    # PostgreSQL: both appended after version 1 and the store refused the second; SQLite: the second loaded version 2.
    # Either way the version at fault is the one the caller sent, in If-Match.
    assert conflict.json()["field"] == "If-Match"
    async with foundation_engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(events).where(events.c.stream_id == ledger)) == 2


async def test_concurrent_commands_without_if_match_are_decided_again_and_both_apply(
    foundation_engine, hold_between_load_and_save
) -> None:
    async with client(ledger_app(Wiring(source="ledger", engine=foundation_engine))) as http:
        ledger = await _ledger(http)
        hold_between_load_and_save()
        answers = await asyncio.gather(*(
            http.post(f"/ledgers/{ledger}/credits", json={"amount": amount}) for amount in ("1.00", "2.00")
        ))
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    assert sorted(a.json()["balance"] for a in answers)[-1] == "3.00"


@pytest.mark.parametrize("backend", ["postgres"])  # SQLite has one writer at a time: no two can hold each other
async def test_two_writers_holding_what_each_other_needs_one_commits_the_other_is_a_conflict(foundation_engine) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    both_hold_one = asyncio.Barrier(2)

    async def write(streams: tuple[str, str]) -> None:
        async with foundation_engine.connect() as conn:
            await conn.begin()
            store = EventStore(conn)
            await store.append(streams[0], 0, [NewEvent("tests:Thing.Happened", b"{}")], META)
            await asyncio.wait_for(both_hold_one.wait(), 10)
            await store.append(streams[1], 0, [NewEvent("tests:Thing.Happened", b"{}")], META)
            await conn.commit()

    results = await asyncio.gather(write((first, second)), write((second, first)), return_exceptions=True)
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(conflicts) == 1 and results.count(None) == 1, results  # a deadlock, answered as a conflict
    assert conflicts[0].rule == "optimistic_concurrency"
    async with foundation_engine.connect() as conn:
        assert [len(await EventStore(conn).read_stream(s)) for s in (first, second)] == [1, 1]
