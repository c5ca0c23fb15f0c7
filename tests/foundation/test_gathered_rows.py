"""Rows gathered and written together (shared.readmodels.Upserts) are the rows `upsert` writes one by one, the
inbox processor writes a chunk's learned rows before any other message's handler of the chunk runs, and a change
of a row gathered in the chunk (Amending: a letter's signature) is made to that row before it is written."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, select

from shared.delivery.inbox import record
from shared.delivery.processor import InboxProcessor
from shared.errors import ConflictError
from shared.eventstore.tables import inbox
from shared.knowledge import tables as knowledge
from shared.knowledge.learning import MESSAGE_HANDLERS
from shared.messages import Message
from shared.readmodels import Upserts, upsert
from shared.unit_of_work import Wiring

_TABLES = MetaData()
ONE_BY_ONE = Table("things_one_by_one", _TABLES, Column("id", String(10), primary_key=True),
                   Column("name", String(50), unique=True), Column("size", Integer))
TOGETHER = Table("things_together", _TABLES, Column("id", String(10), primary_key=True),
                 Column("name", String(50), unique=True), Column("size", Integer))
ROWS = [{"id": "a", "name": "甲", "size": 1}, {"id": "b", "name": "乙", "size": 2},
        {"id": "a", "name": "丙", "size": 3},  # the same key again: the later row wins
        {"id": "c", "name": "丁"}, {"id": "b", "size": 5}]  # other columns: what is gathered is written first


@pytest.fixture
async def engine(foundation_engine):  # type: ignore[no-untyped-def]
    async with foundation_engine.begin() as conn:
        await conn.run_sync(_TABLES.create_all)
        await conn.run_sync(knowledge.metadata.create_all)
    return foundation_engine


async def rows_of(engine, table: Table) -> list[tuple]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return [tuple(row) for row in await conn.execute(select(table).order_by(table.c.id))]


async def test_rows_written_together_are_the_rows_written_one_by_one(engine) -> None:
    async with engine.begin() as conn:
        for row in ROWS:
            await upsert(conn, ONE_BY_ONE, row)
        upserts = Upserts()
        for row in ROWS:
            await upserts.add(conn, TOGETHER, row)
        await upserts.flush(conn)
    assert await rows_of(engine, TOGETHER) == await rows_of(engine, ONE_BY_ONE) == [
        ("a", "丙", 3), ("b", "乙", 5), ("c", "丁", None)]


async def test_a_gathered_row_that_clashes_on_a_unique_column_is_a_conflict_naming_it(engine) -> None:
    async with engine.connect() as conn:
        await conn.begin()
        upserts = Upserts()
        await upserts.add(conn, TOGETHER, {"id": "a", "name": "甲"})
        await upserts.add(conn, TOGETHER, {"id": "b", "name": "甲"})
        with pytest.raises(ConflictError) as clash:
            await upserts.flush(conn)
        await conn.rollback()
    assert clash.value.field == "name" and clash.value.rule == "unique"


def contract_message(stream: str, version: int, type_: str, **payload: object) -> Message:
    return Message(message_id=f"contract:{stream}:{version}", source="contract", type=type_, stream_id=stream,
                   version=version, recorded_at="2026-12-02T08:00:00+00:00", effective_date=None, actor="hr.wang",
                   correlation_id="c-1", causation_id=None, payload=payload)


async def test_a_learned_row_is_there_for_the_next_message_of_its_chunk(engine) -> None:
    manager, enterprise = str(uuid.uuid4()), str(uuid.uuid4())
    messages = [contract_message(manager, 1, "Manager.Registered", code="M01", name="赵磊", level="middle",
                                 position="middle_manager", enterprise_id=enterprise),
                contract_message(manager, 2, "Manager.PositionChanged", position="deputy_general_manager",
                                 level="leadership")]
    wiring = Wiring(source="payroll", engine=engine)
    async with engine.begin() as conn:
        await record(conn, "contract", messages, wiring.clock())
    assert await InboxProcessor(wiring, MESSAGE_HANDLERS).process_once() == 2  # one chunk, neither waited
    async with engine.connect() as conn:
        learned = (await conn.execute(select(knowledge.known_managers))).one()
        waiting = list((await conn.execute(select(inbox.c.waiting_for))).scalars())
    assert (learned.code, learned.position, learned.level) == ("M01", "deputy_general_manager", "leadership")
    assert waiting == [None, None]


def letter_messages(letter: str, tenure: str) -> list[Message]:
    issued = contract_message(letter, 1, "PerformanceLetter.Issued", tenure_id=tenure, key="annual-2023",
                              kind="annual", year=2023, kpis=[], policy_version=1)
    return [issued, *(contract_message(letter, version, "PerformanceLetter.Signed", tenure_id=tenure,
                                       key="annual-2023", version_number=1, party=party, signed_on="2023-01-01")
                      for version, party in ((2, "enterprise"), (3, "manager")))]


async def signed_letters(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        letters = knowledge.known_letters.c
        query = select(letters.tenure_id, letters.signed_by_enterprise, letters.signed_by_manager)
        return sorted(tuple(row) for row in await conn.execute(query))


async def test_a_letter_and_its_signatures_in_one_chunk_are_learned_as_one_row_written_once(engine) -> None:
    tenure = str(uuid.uuid4())
    wiring = Wiring(source="appraisal", engine=engine)
    written: list[str] = []
    async with engine.begin() as conn:
        await record(conn, "contract", letter_messages(str(uuid.uuid4()), tenure), wiring.clock())
    with statements_to(engine, written):
        assert await InboxProcessor(wiring, MESSAGE_HANDLERS).process_once() == 3
    assert await signed_letters(engine) == [(tenure, True, True)]
    assert [s for s in written if "known_letters" in s and not s.lstrip().upper().startswith("SELECT")] == [
        next(s for s in written if s.startswith("INSERT INTO known_letters"))]  # no UPDATE: the signatures rode along


async def test_a_signature_of_a_letter_learned_in_an_earlier_chunk_is_learned_on_its_row(engine) -> None:
    tenure = str(uuid.uuid4())
    messages = letter_messages(str(uuid.uuid4()), tenure)
    wiring = Wiring(source="appraisal", engine=engine)
    for message in messages:  # one chunk each
        async with engine.begin() as conn:
            await record(conn, "contract", [message], wiring.clock())
        assert await InboxProcessor(wiring, MESSAGE_HANDLERS).process_once() == 1
    assert await signed_letters(engine) == [(tenure, True, True)]


@contextlib.contextmanager
def statements_to(engine, written: list[str]) -> Iterator[None]:  # type: ignore[no-untyped-def]
    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        written.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
