"""What the outcome routes read: a manager's final years and exit proposals, a tenure's letters as learned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.appraisal_svc.adapters.read_models import appraisal_results_view, exit_proposals_view
from shared.knowledge.tables import known_letters


async def final_years(conn: AsyncConnection, manager_id: UUID) -> list[Any]:
    view = appraisal_results_view
    query = select(view).where(view.c.manager_id == str(manager_id), view.c.status == "final").order_by(view.c.year)
    return list((await conn.execute(query)).all())


async def exit_proposals(conn: AsyncConnection, manager_id: UUID) -> list[Any]:
    view = exit_proposals_view
    return list((await conn.execute(select(view).where(view.c.manager_id == str(manager_id)).order_by(view.c.year))).all())


async def letters(conn: AsyncConnection, tenure_id: UUID) -> list[Any]:
    query = (select(known_letters).where(known_letters.c.tenure_id == str(tenure_id))
             .order_by(known_letters.c.key, known_letters.c.version_number))
    return list((await conn.execute(query)).all())
