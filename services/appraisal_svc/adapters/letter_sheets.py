"""The KPI sheets figures are checked against: each tenure year's signed annual letter, and the tenure letter's
own sheet, as learned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from shared.errors import RuleViolationError
from shared.knowledge import tables as knowledge
from shared.knowledge.tables import known_letters, known_tenures
from shared.unit_of_work import UnitOfWork


async def sheet_kpis(uow: UnitOfWork, tenure_id: UUID, year: int | None) -> list[dict[str, Any]]:
    """The KPIs of the tenure's signed annual letter of that year (None: of its signed tenure letter); refused
    when the tenure is unknown, the letter is not signed by both parties, or a tenure letter carries no sheet."""
    await uow.begin()
    assert uow.conn is not None
    await knowledge.tenure(uow.conn, tenure_id)
    if year is not None:
        return list((await knowledge.signed_annual_letter(uow.conn, str(tenure_id), year)).kpis)
    kpis = await tenure_sheet_kpis(uow, tenure_id)
    if not kpis:
        raise RuleViolationError(
            f"tenure {tenure_id} has no signed tenure letter with a KPI sheet of its own: its tenure score is the "
            "mean of the annual scores, with no tenure figures to record", field="period", rule="tenure_sheet")
    return kpis


async def tenure_sheet_kpis(uow: UnitOfWork, tenure_id: UUID) -> list[dict[str, Any]]:
    """The KPIs of the tenure's signed tenure letter; none when it has no such letter or the letter no sheet."""
    await uow.begin()
    assert uow.conn is not None
    letter = await knowledge.signed_letter(uow.conn, str(tenure_id), "tenure")
    return list(letter.kpis) if letter is not None else []


async def tenure_sheets_kpis(uow: UnitOfWork, tenure_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """`tenure_sheet_kpis` of many tenures in one query: those whose signed tenure letter carries a sheet."""
    await uow.begin()
    assert uow.conn is not None
    letters = known_letters.c
    query = (select(letters.tenure_id, letters.kpis)
             .where(letters.tenure_id.in_(tenure_ids), letters.key == "tenure",
                    letters.signed_by_enterprise.is_(True), letters.signed_by_manager.is_(True))
             .order_by(letters.tenure_id, letters.version_number))
    latest = {row.tenure_id: row.kpis for row in (await uow.conn.execute(query)).all()}  # the last version wins
    return {tenure_id: list(kpis) for tenure_id, kpis in latest.items() if kpis}


async def annual_sheets_kpis(uow: UnitOfWork, tenure_years: set[tuple[str, int]]) -> dict[tuple[str, int], list[Any]]:
    """`sheet_kpis` of many known tenures' signed annual letters in two queries; a pair without one is left out
    (asked alone, it gives its own refusal)."""
    await uow.begin()
    assert uow.conn is not None
    tenure_ids = sorted({tenure_id for tenure_id, _ in tenure_years})
    tenures = select(known_tenures.c.id).where(known_tenures.c.id.in_(tenure_ids))
    known = set((await uow.conn.execute(tenures)).scalars())
    letters = known_letters.c
    query = (select(letters.tenure_id, letters.key, letters.kpis)
             .where(letters.tenure_id.in_(sorted(known)),
                    letters.signed_by_enterprise.is_(True), letters.signed_by_manager.is_(True))
             .order_by(letters.tenure_id, letters.key, letters.version_number))
    latest = {(row.tenure_id, row.key): row.kpis for row in (await uow.conn.execute(query)).all()}
    return {(t, y): list(latest[(t, f"annual-{y}")]) for t, y in tenure_years if (t, f"annual-{y}") in latest}
