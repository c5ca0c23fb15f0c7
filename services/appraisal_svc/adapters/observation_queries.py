"""What the observation handlers and routes read: a group's open periods of earlier years, whether a tenure is
over, and a page of periods by the list's filters."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.appraisal_svc.adapters.read_models import observation_periods_view
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.observation import ObservationPeriod
from shared.api.pagination import PageParams, fetch_page
from shared.knowledge.tables import known_tenures
from shared.replay import replay
from shared.unit_of_work import UnitOfWork


async def open_periods(uow: UnitOfWork, group: AnnualAppraisal) -> list[ObservationPeriod]:
    """The group's members' periods opened by an earlier year and still open, read in one query."""
    await uow.begin()
    assert uow.conn is not None and uow.store is not None
    view = observation_periods_view
    query = select(view.c.id).where(view.c.tenure_id.in_(list(group.members)), view.c.status == "open",
                                    view.c.year < group.year).order_by(view.c.year, view.c.id)
    ids = [str(i) for i in (await uow.conn.execute(query)).scalars()]
    found = await uow.store.read_streams(ids)
    return [replay(found[i]) for i in ids if i in found]  # type: ignore[misc]


async def tenure_over(uow: UnitOfWork, tenure_id: UUID, day: date) -> bool:
    """Whether the tenure had ended before `day` (by exit, termination, or its term's end), as learned."""
    await uow.begin()
    assert uow.conn is not None
    row = (await uow.conn.execute(select(known_tenures).where(known_tenures.c.id == str(tenure_id)))).first()
    if row is None:
        return False
    ended = row.status == "ended" and row.ended_on is not None and row.ended_on < day
    return bool(ended or row.end_date < day)


async def period_page(conn: AsyncConnection, reachable: ColumnElement[bool], paging: PageParams,
                      filters: dict[str, Any]) -> tuple[list[Any], int]:
    """One page of the periods the caller reaches, earliest end first; `due_by`: ending on or before that day."""
    view = observation_periods_view
    query = select(view).where(reachable).order_by(view.c.ends_on, view.c.id)
    for name in ("enterprise_id", "tenure_id", "manager_id", "status"):
        if filters.get(name) is not None:
            query = query.where(view.c[name] == str(filters[name]))
    if filters.get("due_by") is not None:
        query = query.where(view.c.ends_on <= filters["due_by"])
    return await fetch_page(conn, query, paging)
