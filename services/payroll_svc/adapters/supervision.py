"""The pay accounts supervisors' figures are computed from: those in force on a date, of the enterprises asked."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, select

from services.payroll_svc.adapters.queries import policy_version_on
from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.supervision import PlanOnDate, in_force_on
from shared.domain.parameters import PolicyParameters
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
    ids = [UUID(i) for i in (await uow.conn.execute(query)).scalars().all()]
    accounts = list((await uow.load_many(PayAccount, ids)).values())
    return [a for a in accounts if in_force_on(a, on)]


async def plans_on(uow: UnitOfWork, accounts: list[PayAccount], on: date) -> list[PlanOnDate]:
    """Each plan with the minimum share for its level of its policy as in force on `on` (a revision since the
    plan was made may have raised it)."""
    plans = []
    for account in accounts:
        version = await policy_version_on(uow, account.policy_id, on)
        minimum = PolicyParameters.of(version.parameters).min_performance_share[account.level]
        plans.append(PlanOnDate(account, minimum))
    return plans
