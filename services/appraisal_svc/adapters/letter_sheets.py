"""The KPI sheets figures are checked against: each tenure year's signed annual letter, as learned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.knowledge import tables as knowledge
from shared.unit_of_work import UnitOfWork


async def sheet_kpis(uow: UnitOfWork, tenure_id: UUID, year: int) -> list[dict[str, Any]]:
    """The KPIs of the tenure's signed annual letter of that year; refused when the tenure is unknown or the
    letter is not signed by both parties."""
    await uow.begin()
    assert uow.conn is not None
    await knowledge.tenure(uow.conn, tenure_id)
    return list((await knowledge.signed_annual_letter(uow.conn, str(tenure_id), year)).kpis)
