"""What a year-end costs the database at group scale: an actuals batch reads its letters and ledgers in the same
few queries however many members it names, and closing a group reads every member's ledger in one query.
Counted on the real engine (tests/appraisal/api/test_upload_queries.py)."""

from __future__ import annotations

from typing import Any

from tests.appraisal.api.helpers import YEAR, actual, golden, group
from tests.appraisal.api.test_upload_queries import statements
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created


def single_stream_reads(sent: list[str]) -> int:
    """Streams read whole one at a time (a read of several at once names them with IN; the store's look-up of
    the last hash a save links to names a version)."""
    return sum("FROM events" in s and "events.stream_id =" in s and "events.version =" not in s for s in sent)


SCOPE = "known_tenures.enterprise_id, known_tenures.manager_id \nFROM known_tenures"  # whose a tenure is


def is_scope(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT") and SCOPE in statement


def reads(sent: list[str]) -> int:
    """Every SELECT but the scope checks: on PostgreSQL events are appended past SQLAlchemy, so reads are what
    compares alike."""
    return sum(s.lstrip().upper().startswith("SELECT") and not is_scope(s) for s in sent)


def scope_checks(sent: list[str]) -> int:
    return sum(is_scope(s) for s in sent)


def golden_batch(members: list[dict[str, Any]]) -> dict[str, Any]:
    managers = golden()["managers"]
    return {"items": [actual(m, code, str(value), source="erp")
                      for m in members for code, value in managers[m["index"]]["actuals"][str(YEAR)].items()]}


async def test_an_actuals_batch_reads_letters_and_ledgers_as_much_for_three_members_as_for_one(
        services: Services) -> None:
    members = await group(services, size=4)
    with statements(services) as one:
        assert len(await created(services.appraisal.post("/actuals/batch", json=golden_batch(members[:1])))) == 3
    with statements(services) as three:
        assert len(await created(services.appraisal.post("/actuals/batch", json=golden_batch(members[1:])))) == 9
    assert single_stream_reads(one) == single_stream_reads(three) == 0
    assert reads(three) == reads(one)
    assert (scope_checks(one), scope_checks(three)) == (1, 1)  # the tenures' scope looked up in one query


async def test_closing_a_group_reads_every_members_ledger_in_one_query(services: Services) -> None:
    members = await group(services, size=4)
    await created(services.appraisal.post("/actuals/batch", json=golden_batch(members)))
    for m in members:
        rating = {"tenure_id": m["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": "考核委员会",
                  "rating": "90"}
        await created(services.appraisal.post("/ratings", json=rating))
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"],
                                                                         "year": YEAR}))
    with statements(services) as sent:
        closed = await created(services.appraisal.post(f"/appraisals/{opened['id']}/closing",
                                                       json={"closed_on": f"{YEAR + 1}-01-20"}))
    assert len(closed["members"]) == 4
    assert single_stream_reads(sent) == 1  # the group's own stream; its members' and their ledgers read together
