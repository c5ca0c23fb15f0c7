"""The KPI sheets figures are checked against: each tenure year's signed annual letter, and the tenure letter's
own sheet, as learned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.errors import RuleViolationError
from shared.knowledge import tables as knowledge
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
