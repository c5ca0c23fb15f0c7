"""Handlers for monthly base runs, closing periods and clawbacks: load, decide, save (pay plans: plans.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.payroll_svc.adapters import queries
from services.payroll_svc.application import commands as c
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.lines import PaymentLine, parse_period
from services.payroll_svc.domain.runs import require_covered
from shared.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RunLine:
    """A line a base run paid, and the tenure it paid."""

    tenure_id: UUID
    line: PaymentLine


async def run_base(uow: UnitOfWork, cmd: c.RunBase) -> list[RunLine]:
    """Pay the period's base to every planned tenure of the enterprise, and the living allowance to a manager
    removed by rule (一重); a period run again pays nothing more."""
    accounts = list((await uow.load_many(PayAccount, await queries.account_ids(uow, cmd.enterprise_id))).values())
    year, month = parse_period(cmd.period)
    running = require_covered([a for a in accounts if a.runs_in(year, month)], cmd.period)
    ref = f"base-run:{cmd.enterprise_id}:{cmd.period}"
    lines = [RunLine(a.tenure_id, line) for a in running
             for line in (a.pay_base(cmd.period, ref), *a.pay_living_allowance(cmd.period, ref)) if line is not None]
    await uow.save(*accounts, effective_date=date(year, month, 1))
    return lines


async def close_period(uow: UnitOfWork, cmd: c.ClosePeriod) -> int:
    accounts = list((await uow.load_many(PayAccount, await queries.account_ids(uow, cmd.enterprise_id))).values())
    for account in accounts:
        account.close_period(cmd.period)
    await uow.save(*accounts)
    return len(accounts)


async def claw_back(uow: UnitOfWork, cmd: c.ClawBack, version: int | None = None) -> PayAccount:
    account = await uow.load(PayAccount, PayAccount.create_id(cmd.tenure_id), expected_version=version)
    account.claw_back(cmd.amount, cmd.reason, cmd.decision_ref, cmd.period)
    await uow.save(account)
    return account
