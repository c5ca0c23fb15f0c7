"""The pay accounts supervisors' figures are computed from: those in force on a date, of the enterprises asked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import ColumnElement, select

from services.payroll_svc.adapters.queries import policy_version_on
from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.supervision import PlanOnDate, in_force_on
from shared.domain.parameters import PolicyParameters
from shared.unit_of_work import UnitOfWork


PLANS_AT_ONCE = 200  # accounts replayed at a time: a group's are folded into plans, never all held at once


async def plans_in_force(uow: UnitOfWork, on: date, enterprise_id: UUID | None,
                         within: ColumnElement[bool] | None = None) -> list[PlanOnDate]:
    """The plans in force on `on`, of `enterprise_id` (else all) and `within` when given, each with the minimum
    share for its level of its policy as in force on `on` (a revision since the plan was made may have raised it)."""
    await uow.begin()
    assert uow.conn is not None
    query = select(accounts_view.c.id).order_by(accounts_view.c.id)
    if within is not None:
        query = query.where(within)
    if enterprise_id:
        query = query.where(accounts_view.c.enterprise_id == str(enterprise_id))
    ids = [UUID(i) for i in (await uow.conn.execute(query)).scalars().all()]
    minimums: dict[tuple[UUID, str], Decimal] = {}
    plans: list[PlanOnDate] = []
    for first in range(0, len(ids), PLANS_AT_ONCE):
        accounts = (await uow.load_many(PayAccount, ids[first:first + PLANS_AT_ONCE])).values()
        for account in (a for a in accounts if in_force_on(a, on)):
            key = (account.policy_id, account.level)
            if key not in minimums:
                version = await policy_version_on(uow, account.policy_id, on)
                minimums[key] = PolicyParameters.of(version.parameters).min_performance_share[account.level]
            plans.append(PlanOnDate.of(account, minimums[key], on))
    return plans
