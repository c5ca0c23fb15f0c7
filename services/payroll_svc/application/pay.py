"""Handlers for pay plans, monthly base runs, closing periods and clawbacks."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.application import commands as c
from services.payroll_svc.application.results import settle_known
from services.payroll_svc.domain.account import PayAccount
from shared.errors import ConflictError, NotFoundError, RuleViolationError
from shared.knowledge import tables as knowledge
from shared.unit_of_work import UnitOfWork


async def plan_pay(uow: UnitOfWork, cmd: c.PlanPay) -> PayAccount:
    await uow.begin()
    assert uow.conn is not None
    tenure = await knowledge.tenure(uow.conn, cmd.tenure_id)
    if tenure.status != "active":
        raise RuleViolationError(
            f"tenure {cmd.tenure_id} is {tenure.status}: pay is planned for a tenure in force (signed and activated)",
            field="tenure_id",
            rule="tenure_in_force",
        )
    try:
        await uow.load(PayAccount, PayAccount.create_id(cmd.tenure_id))
        raise ConflictError(f"tenure {cmd.tenure_id} has a pay plan already", field="tenure_id", rule="one_plan_per_tenure")
    except NotFoundError:
        pass
    policy = await knowledge.policy_version_on(uow.conn, tenure.policy_id, tenure.start_date)
    account = PayAccount.plan(dict(tenure._mapping), _money(cmd.base, "base"), _money(cmd.performance, "performance"),
                              policy.number, policy.parameters)
    await settle_known(uow, account)
    await uow.save(account, effective_date=tenure.start_date)
    return account


async def run_base(uow: UnitOfWork, cmd: c.RunBase) -> list[dict]:
    """Pay the period's base to every planned tenure of the enterprise; a period run again pays nothing more."""
    accounts = await _accounts(uow, cmd.enterprise_id)
    year, month = (int(p) for p in cmd.period.split("-"))
    lines, covered = [], False
    for account in accounts:
        if not _covers(account, year, month):
            continue
        covered = True
        line = account.pay_base(cmd.period, f"base-run:{cmd.enterprise_id}:{cmd.period}")
        if line is not None:
            lines.append({**line, "tenure_id": str(account.tenure_id)})
    if not covered:
        raise RuleViolationError(f"no planned tenure of the enterprise runs in {cmd.period}", field="period",
                                 rule="period_within_tenure")
    await uow.save(*accounts, effective_date=date(year, month, 1))
    return lines


async def close_period(uow: UnitOfWork, cmd: c.ClosePeriod) -> int:
    accounts = await _accounts(uow, cmd.enterprise_id)
    for account in accounts:
        account.close_period(cmd.period)
    await uow.save(*accounts)
    return len(accounts)


async def claw_back(uow: UnitOfWork, cmd: c.ClawBack) -> PayAccount:
    account = await uow.load(PayAccount, PayAccount.create_id(cmd.tenure_id))
    account.claw_back(_money(cmd.amount, "amount"), cmd.reason, cmd.decision_ref, cmd.period)
    await uow.save(account)
    return account


async def _accounts(uow: UnitOfWork, enterprise_id: UUID) -> list[PayAccount]:
    await uow.begin()
    assert uow.conn is not None
    ids = (await uow.conn.execute(select(accounts_view.c.id).where(accounts_view.c.enterprise_id == str(enterprise_id))
                                  .order_by(accounts_view.c.id))).scalars().all()
    if not ids:
        raise NotFoundError(f"no pay plan in enterprise {enterprise_id}", field="enterprise_id", rule="planned_enterprise")
    return [await uow.load(PayAccount, UUID(i)) for i in ids]


def _covers(account: PayAccount, year: int, month: int) -> bool:
    last = min(account.end, account.exit_date or account.end)
    return (account.start.year, account.start.month) <= (year, month) <= (last.year, last.month)


def _money(value, field: str):  # type: ignore[no-untyped-def]
    if value < 0:
        raise RuleViolationError(f"{field} must not be negative", field=field, rule="non_negative_amount")
    if value != value.quantize(type(value)("0.01")):
        raise RuleViolationError(f"{field} is money: at most 2 decimals", field=field, rule="money")
    return value
