"""What the payroll service answers with (XPublic); the commands of application/commands.py are the request
bodies (PlanPay is the pay plan's create). Money is a decimal string, never a float."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from services.payroll_svc.application.pay import RunLine
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.exit import retained_forfeited
from services.payroll_svc.domain.lines import Cause, PaymentLine
from services.payroll_svc.domain.owed import owed_balance
from services.payroll_svc.domain.records import Exit, TenureSettled, YearSettlement


class AccountPublic(BaseModel):
    """A tenure's plan, every payment line with its cause and policy version, its settlements and exit."""

    id: UUID
    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    level: str
    start: date
    end: date
    base: Decimal
    performance: Decimal
    policy_id: UUID
    policy_version: int
    lines: list[PaymentLine]
    settlements: dict[int, YearSettlement]
    tenure_settlement: TenureSettled | None
    exit: Exit | None
    closed_periods: list[str]
    retained_forfeited: Decimal  # never to be released: after an exit for cause, all of it
    owed: Decimal  # clawed back or recovered beyond what the payslips covered: recovered from later payments
    version: int

    @classmethod
    def of(cls, a: PayAccount) -> AccountPublic:
        return cls(id=a.id, tenure_id=a.tenure_id, manager_id=a.manager_id, enterprise_id=a.enterprise_id,
                   level=a.level, start=a.start, end=a.end, base=a.base, performance=a.performance,
                   policy_id=a.policy_id, policy_version=a.policy_version, lines=list(a.lines),
                   settlements=a.settlements, tenure_settlement=a.tenure_settlement, exit=a.exit,
                   closed_periods=list(a.closed_periods), owed=owed_balance(a.lines),
                   retained_forfeited=retained_forfeited(a.settlements, a.exit, a.tenure_settlement), version=a.version)


class AccountSummary(BaseModel):
    """A pay account in a list: whose it is and its plan; its lines are in GET /accounts/{tenure_id}."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    base: Decimal
    performance: Decimal
    version: int


class LinePublic(BaseModel):
    """A payment line: what it pays (kind, amount), on which payslip, for what, why, what it corrects."""

    model_config = ConfigDict(from_attributes=True)

    line_id: str
    kind: str
    amount: Decimal
    period: str
    for_period: str
    cause: Cause
    note: str | None
    corrects: str | None
    policy_version: int


class RunLinePublic(LinePublic):
    tenure_id: UUID

    @classmethod
    def of(cls, paid: RunLine) -> RunLinePublic:
        return cls.model_validate({**vars(paid.line), "tenure_id": paid.tenure_id})


class BaseRunPublic(BaseModel):
    enterprise_id: UUID
    period: str
    lines: list[RunLinePublic]


class PeriodClosedPublic(BaseModel):
    period: str
    accounts: int  # how many pay accounts closed it


class PayslipLinePublic(RunLinePublic):
    account_id: UUID
    enterprise_id: UUID


class PayslipPublic(BaseModel):
    """A period's lines, their total, and what is still owed once the payslip is paid."""

    tenure_id: UUID
    period: str
    lines: list[PayslipLinePublic]
    total: Decimal
    owed: Decimal

    @classmethod
    def of(cls, tenure_id: UUID, period: str, rows: list[dict[str, Any]]) -> PayslipPublic:
        """From every line of the tenure: the period's are the payslip's; the owed balance counts those before."""
        mine = [r for r in rows if r["period"] == period]
        return cls(tenure_id=tenure_id, period=period, lines=mine, total=total(mine), owed=owed_after(rows, period))


class StatementPublic(BaseModel):
    """A year's payslip lines, their sums by kind and their total."""

    tenure_id: UUID
    year: int
    lines: list[PayslipLinePublic]
    by_kind: dict[str, Decimal]
    total: Decimal
    owed: Decimal  # still owed at the end of the year

    @classmethod
    def of(cls, tenure_id: UUID, year: int, rows: list[dict[str, Any]]) -> StatementPublic:
        """From every line of the tenure: those paid in the year's periods, and what is owed after December."""
        mine = [r for r in rows if r["period"].startswith(f"{year}-")]
        kinds: dict[str, Decimal] = {}
        for row in mine:
            kinds[row["kind"]] = kinds.get(row["kind"], Decimal("0.00")) + Decimal(row["amount"])
        return cls(tenure_id=tenure_id, year=year, lines=mine, by_kind=kinds, total=total(mine),
                   owed=owed_after(rows, f"{year}-12"))


def owed_after(rows: list[dict[str, Any]], period: str) -> Decimal:
    """The owed balance once the payslips up to `period` are paid, from the read model's rows."""
    fields = PaymentLine.__dataclass_fields__
    return owed_balance((PaymentLine.recorded({k: r[k] for k in fields}) for r in rows), through=period)


def total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["amount"]) for r in rows), Decimal("0.00"))
