"""The pay accounts supervisors' figures are computed from: those in force on a date, of the enterprises asked."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, select

from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.supervision import in_force_on
from shared.unit_of_work import UnitOfWork


async def accounts_in_force(uow: UnitOfWork, on: date, enterprise_id: UUID | None,
                            within: ColumnElement[bool] | None = None) -> list[PayAccount]:
    """The accounts whose plan is in force on `on`, of `enterprise_id` (else all) and `within` when given."""
    await uow.begin()
    assert uow.conn is not None
    query = select(accounts_view.c.id).order_by(accounts_view.c.id)
    if within is not None:
        query = query.where(within)
    if enterprise_id:
        query = query.where(accounts_view.c.enterprise_id == str(enterprise_id))
    accounts = [await uow.load(PayAccount, UUID(i)) for i in (await uow.conn.execute(query)).scalars().all()]
    return [a for a in accounts if in_force_on(a, on)]
