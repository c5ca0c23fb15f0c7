"""Handlers for pay plans, monthly base runs, closing periods and clawbacks: load, decide, save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.payroll_svc.adapters import queries
from services.payroll_svc.application import commands as c
from services.payroll_svc.application.results import account_of, settle_known
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.lines import PaymentLine, parse_period
from services.payroll_svc.domain.plan import require_in_force
from services.payroll_svc.domain.runs import require_covered
from shared.errors import ConflictError, TenureSystemError
from shared.unit_of_work import UnitOfWork


async def plan_pay(uow: UnitOfWork, cmd: c.PlanPay) -> PayAccount:
    account = await _planned(uow, cmd)
    await uow.save(account, effective_date=account.start)
    return account


async def plan_pays(uow: UnitOfWork, cmd: c.PlanPays) -> list[PayAccount]:
    """Every plan of the batch, or none: the first refusal names its item (`items.3.tenure_id`)."""
    accounts: list[PayAccount] = []
    for index, item in enumerate(cmd.items):
        try:
            if any(a.tenure_id == item.tenure_id for a in accounts):
                raise _planned_already(item.tenure_id)
            accounts.append(await _planned(uow, item))
        except TenureSystemError as error:
            raise error.within(f"items.{index}", f"item {index}") from None
    for account in accounts:
        await uow.save(account, effective_date=account.start)
    return accounts


async def _planned(uow: UnitOfWork, cmd: c.PlanPay) -> PayAccount:
    tenure = await queries.known_tenure(uow, cmd.tenure_id)
    require_in_force(tenure)
    if await account_of(uow, cmd.tenure_id) is not None:
        raise _planned_already(cmd.tenure_id)
    policy = await queries.policy_version_on(uow, tenure.policy_id, tenure.start)
    account = PayAccount.plan(tenure, cmd.base, cmd.performance, policy.number, policy.parameters)
    await settle_known(uow, account)
    return account


def _planned_already(tenure_id: UUID) -> ConflictError:
    return ConflictError(f"tenure {tenure_id} has a pay plan already", field="tenure_id", rule="one_plan_per_tenure")


@dataclass(frozen=True)
class RunLine:
    """A line a base run paid, and the tenure it paid."""

    tenure_id: UUID
    line: PaymentLine


async def run_base(uow: UnitOfWork, cmd: c.RunBase) -> list[RunLine]:
    """Pay the period's base to every planned tenure of the enterprise, and the living allowance to a manager
    removed by rule (一重); a period run again pays nothing more."""
    accounts = [await uow.load(PayAccount, i) for i in await queries.account_ids(uow, cmd.enterprise_id)]
    year, month = parse_period(cmd.period)
    running = require_covered([a for a in accounts if a.runs_in(year, month)], cmd.period)
    ref = f"base-run:{cmd.enterprise_id}:{cmd.period}"
    lines = [RunLine(a.tenure_id, line) for a in running
             for line in (a.pay_base(cmd.period, ref), *a.pay_living_allowance(cmd.period, ref)) if line is not None]
    await uow.save(*accounts, effective_date=date(year, month, 1))
    return lines


async def close_period(uow: UnitOfWork, cmd: c.ClosePeriod) -> int:
    accounts = [await uow.load(PayAccount, i) for i in await queries.account_ids(uow, cmd.enterprise_id)]
    for account in accounts:
        account.close_period(cmd.period)
    await uow.save(*accounts)
    return len(accounts)


async def claw_back(uow: UnitOfWork, cmd: c.ClawBack, version: int | None = None) -> PayAccount:
    account = await uow.load(PayAccount, PayAccount.create_id(cmd.tenure_id), expected_version=version)
    account.claw_back(cmd.amount, cmd.reason, cmd.decision_ref, cmd.period)
    await uow.save(account)
    return account
