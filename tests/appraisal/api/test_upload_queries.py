"""What an upload costs the database: its managers' tenures in one query, each ledger read and saved once,
so that a file's queries grow with the ledgers it touches, not with its rows. Counted on the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from tests.appraisal.api.helpers import YEAR, assert_nothing_written_since, csv_file, golden_rows, group
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import assert_problem, created


@contextmanager
def statements(services: Services) -> Iterator[list[str]]:
    """The SQL statements the appraisal service sends while the block runs."""
    sent: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    engine = services.engines["appraisal"].sync_engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def tenure_lookups(sent: list[str]) -> int:
    return sum("known_managers" in s for s in sent)


def ledger_reads(sent: list[str]) -> int:
    """Event streams read (on PostgreSQL events are appended past SQLAlchemy, so reads are what is counted)."""
    return sum("FROM events" in s and "events.stream_id =" in s for s in sent)


async def test_an_upload_costs_queries_per_ledger_not_per_row(services) -> None:
    await group(services, size=4)
    two_rows = [row for row in golden_rows(("M01", "M02")) if row[2] == "revenue"]
    six_rows = [[f"M0{int(row[0][-1]) + 2}", *row[1:]] for row in golden_rows(("M01", "M02"))]  # M03 and M04
    with statements(services) as small:
        assert len(await created(services.appraisal.post("/actuals/upload", files={"file": csv_file(two_rows)}))) == 2
    with statements(services) as large:
        assert len(await created(services.appraisal.post("/actuals/upload", files={"file": csv_file(six_rows)}))) == 6
    assert (tenure_lookups(small), tenure_lookups(large)) == (1, 1)
    assert (ledger_reads(small), ledger_reads(large)) == (2, 2)  # two ledgers each, each read once
    assert len(large) == len(small)  # and on SQLite, where its inserts are counted, each ledger saved once


async def test_an_upload_of_many_bad_rows_looks_its_managers_up_in_one_query(services) -> None:
    await group(services, size=1)
    unknown = [[f"M{9000 + n % 300}", YEAR, "revenue", "1", "yes", None] for n in range(1_500)]  # 300 codes
    sent_at = datetime.now(UTC)
    with statements(services) as sent:
        response = await services.appraisal.post("/actuals/upload", files={"file": csv_file(unknown)})
    assert len(assert_problem(response, 422, "file", "spreadsheet_rows")["errors"]) == 1_500
    assert tenure_lookups(sent) == 1 and ledger_reads(sent) == 0
    await assert_nothing_written_since(services, sent_at)
