"""The typed look-ups the contract handlers make in the service's read models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, select

from services.contract_svc.adapters.read_models import managers_view, policies_view, tenures_view
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TenureSpan:
    """Where one of a manager's tenures stands, as its row shows it."""

    id: UUID
    start: date
    until: date  # the day it ended, or else the end of its term
    status: str
    ended_reason: str | None
    term_number: int


async def tenures_of_manager(uow: UnitOfWork, manager_id: UUID) -> list[TenureSpan]:
    await uow.begin()
    assert uow.conn is not None
    rows = (await uow.conn.execute(select(tenures_view).where(tenures_view.c.manager_id == str(manager_id)))).all()
    return [TenureSpan(UUID(r.id), r.start_date, r.ended_on or r.end_date, r.status, r.ended_reason, r.term_number)
            for r in rows]


async def expired_tenure_ids(uow: UnitOfWork, as_of: date, enterprise_id: UUID | None,
                             within: ColumnElement[bool] | None = None) -> list[UUID]:
    """Active tenures whose term ended before `as_of`, of `enterprise_id` and `within` when given, by end."""
    await uow.begin()
    assert uow.conn is not None
    view = tenures_view.c
    query = select(view.id).where(view.status == "active", view.end_date < as_of)
    if within is not None:
        query = query.where(within)
    if enterprise_id:
        query = query.where(view.enterprise_id == str(enterprise_id))
    return [UUID(i) for i in (await uow.conn.execute(query.order_by(view.end_date))).scalars().all()]


async def running_tenure_ids(uow: UnitOfWork, as_of: date, enterprise_id: UUID | None,
                             within: ColumnElement[bool] | None = None) -> list[UUID]:
    """Active tenures whose term has not ended before `as_of`, of `enterprise_id` and `within` when given, by end."""
    await uow.begin()
    assert uow.conn is not None
    view = tenures_view.c
    query = select(view.id).where(view.status == "active", view.end_date >= as_of)
    if within is not None:
        query = query.where(within)
    if enterprise_id:
        query = query.where(view.enterprise_id == str(enterprise_id))
    return [UUID(i) for i in (await uow.conn.execute(query.order_by(view.end_date, view.id))).scalars().all()]


async def policy_of_scope(uow: UnitOfWork, scope_key: str) -> UUID | None:
    """The policy of "enterprise:<id>" or "category:<name>", if one was adopted."""
    await uow.begin()
    assert uow.conn is not None
    found = await uow.conn.scalar(select(policies_view.c.id).where(policies_view.c.scope_key == scope_key))
    return None if found is None else UUID(found)


async def registered_codes(uow: UnitOfWork, codes: Sequence[str]) -> set[str]:
    """Those of `codes` that are already managers' codes."""
    await uow.begin()
    assert uow.conn is not None
    found = await uow.conn.execute(select(managers_view.c.code).where(managers_view.c.code.in_(list(codes))))
    return set(found.scalars())
