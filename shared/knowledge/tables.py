"""What the appraisal service knows of the contract side, learned only from the contract service's messages.

These tables are written in the same transaction as the inbox mark of the message that taught them,
so a redelivered message changes nothing and nothing is half-learned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, Column, Date, Integer, MetaData, String, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import NotFoundError, RuleViolationError

metadata = MetaData()
ID = String(36)

known_enterprises = Table(
    "known_enterprises",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(50), nullable=False),
    Column("name", String(200), nullable=False),
    Column("category", String(100), nullable=False),
)

known_managers = Table(
    "known_managers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(50), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("level", String(20), nullable=False),
    Column("position", String(40), nullable=False),
    Column("enterprise_id", ID, nullable=False, index=True),
)

known_policy_versions = Table(
    "known_policy_versions",
    metadata,
    Column("policy_id", ID, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("effective_from", Date, nullable=False),
    Column("parameters", JSON, nullable=False),
)

known_tenures = Table(
    "known_tenures",
    metadata,
    Column("id", ID, primary_key=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("enterprise_id", ID, nullable=False, index=True),
    Column("level", String(20), nullable=False),
    Column("position", String(40), nullable=False),
    Column("policy_id", ID, nullable=False),
    Column("policy_version", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("term_number", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("ended_reason", String(20)),
    Column("ended_on", Date),
    Column("ended_for_cause", Boolean),  # a rigid exit; NULL when learned before revision 0006 said
)

known_letters = Table(
    "known_letters",
    metadata,
    Column("tenure_id", ID, primary_key=True),
    Column("key", String(30), primary_key=True),
    Column("version_number", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("year", Integer),
    Column("kpis", JSON, nullable=False),
    Column("policy_version", Integer, nullable=False),
    Column("signed_by_enterprise", Boolean, nullable=False, default=False),
    Column("signed_by_manager", Boolean, nullable=False, default=False),
)


def unknown_tenure(tenure_id: UUID, field: str = "tenure_id") -> NotFoundError:
    """The answer for a tenure this service has not learned, and for one outside the caller's enterprises."""
    return NotFoundError(f"this service knows no tenure {tenure_id} (yet)", field=field, rule="known_tenure")


async def tenure(conn: AsyncConnection, tenure_id: UUID, field: str = "tenure_id") -> Any:
    row = (await conn.execute(select(known_tenures).where(known_tenures.c.id == str(tenure_id)))).first()
    if row is None:
        raise unknown_tenure(tenure_id, field)
    return row


async def signed_letter(conn: AsyncConnection, tenure_id: str, key: str) -> Any:
    """The latest version of the tenure's letter `key` (annual-<year>, tenure) that both parties signed, or None."""
    return (
        await conn.execute(
            select(known_letters)
            .where(known_letters.c.tenure_id == tenure_id, known_letters.c.key == key,
                   known_letters.c.signed_by_enterprise.is_(True), known_letters.c.signed_by_manager.is_(True))
            .order_by(known_letters.c.version_number.desc())
        )
    ).first()


async def signed_annual_letter(conn: AsyncConnection, tenure_id: str, year: int, field: str = "year") -> Any:
    """The latest version of the tenure's annual letter for `year` that both parties signed."""
    return (await signed_annual_letters(conn, [tenure_id], year, field))[tenure_id]


async def signed_annual_letters(conn: AsyncConnection, tenure_ids: Sequence[str], year: int,
                                field: str = "year") -> dict[str, Any]:
    """As `signed_annual_letter`, for each of the tenures in one query; the first without one is refused."""
    letter = known_letters.c
    query = select(known_letters).where(
        letter.tenure_id.in_(list(tenure_ids)), letter.key == f"annual-{year}", letter.signed_by_enterprise.is_(True),
        letter.signed_by_manager.is_(True)).order_by(letter.version_number)
    latest = {str(row.tenure_id): row for row in (await conn.execute(query)).all()}  # the later version wins
    if missing := [t for t in tenure_ids if t not in latest]:
        raise RuleViolationError(
            f"tenure {missing[0]} has no signed annual letter for {year}", field=field, rule="signed_letter"
        )
    return latest


async def managers(conn: AsyncConnection, manager_ids: Sequence[str]) -> dict[str, Any]:
    rows = await conn.execute(select(known_managers).where(known_managers.c.id.in_(list(manager_ids))))
    return {str(row.id): row for row in rows.all()}


async def tenures_in_year(conn: AsyncConnection, enterprise_id: str, year: int) -> list[Any]:
    """The enterprise's tenures whose term touches `year`, that had not ended before it, and whose manager had
    not left for cause before its last day."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = select(known_tenures).where(
        known_tenures.c.enterprise_id == enterprise_id,
        known_tenures.c.status != "draft",
        known_tenures.c.start_date <= last,
        known_tenures.c.end_date >= first,
    )
    rows = (await conn.execute(query.order_by(known_tenures.c.start_date))).all()
    return [r for r in rows if (r.ended_on is None or r.ended_on >= first) and not left_for_cause_before(r, last)]


def left_for_cause_before(tenure: Any, day: date) -> bool:
    """The tenure ended for cause with effect before `day`: its manager is in no group of a year ending after
    that (DOMAIN.md "Exit for cause during the tenure")."""
    return bool(tenure.ended_for_cause) and tenure.ended_on is not None and tenure.ended_on < day


async def ended_before(conn: AsyncConnection, tenure_ids: list[str], day: date) -> set[str]:
    """Of `tenure_ids`, those the contract side ended (by exit, termination or expiry) before `day`."""
    query = select(known_tenures.c.id).where(known_tenures.c.id.in_(tenure_ids), known_tenures.c.status == "ended",
                                             known_tenures.c.ended_on < day)
    return set((await conn.execute(query)).scalars())


async def left_for_cause(conn: AsyncConnection, tenure_ids: list[str], day: date) -> dict[str, date]:
    """Of `tenure_ids`, those whose manager left for cause before `day`, with the day it took effect."""
    rows = (await conn.execute(select(known_tenures).where(known_tenures.c.id.in_(tenure_ids)))).all()
    return {r.id: r.ended_on for r in rows if left_for_cause_before(r, day)}


async def policy_version_on(conn: AsyncConnection, policy_id: str, on: date) -> Any:
    row = (
        await conn.execute(
            select(known_policy_versions)
            .where(known_policy_versions.c.policy_id == policy_id, known_policy_versions.c.effective_from <= on)
            .order_by(known_policy_versions.c.number.desc())
        )
    ).first()
    if row is None:
        raise RuleViolationError(f"no version of policy {policy_id} is known in force on {on}", field="year", rule="policy_in_force")
    return row


async def manager(conn: AsyncConnection, manager_id: str) -> Any:
    return (await conn.execute(select(known_managers).where(known_managers.c.id == manager_id))).first()
