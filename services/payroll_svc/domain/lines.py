"""Payment lines and payslip periods. A line is never edited: what changes later is paid or recovered by a
new line, naming what it corrects; a closed period takes no new line, which goes to the next open one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.errors import RuleViolationError

BASE, PERFORMANCE, ARREARS, RECOVERY = "base", "performance", "arrears", "recovery"
TENURE_INCENTIVE, RETENTION_RELEASE, CLAWBACK = "tenure_incentive", "retention_release", "clawback"
OWED, OWED_RECOVERY = "owed", "owed_recovery"  # what a payslip cannot cover, and its recovery later (owed.py)
LIVING_ALLOWANCE = "living_allowance"  # paid instead of base after an automatic removal (removal.py)


@dataclass(frozen=True)
class PaymentLine:
    """One payment on one payslip: base or living allowance, performance pay, arrears or a recovery, incentive, a
    clawback, owed pay."""

    line_id: str
    kind: str
    amount: Decimal
    period: str  # the payslip it is paid on
    for_period: str  # what it pays for: a month, a year, or "tenure"
    cause: Cause
    note: str
    corrects: str | None
    policy_version: int

    @classmethod
    def recorded(cls, line: Mapping[str, Any]) -> PaymentLine:
        """A line as a `PayAccount.LineAdded` event carries it."""
        return cls(**{**line, "cause": Cause(**line["cause"])})

    def as_recorded(self) -> dict[str, Any]:
        return {"line_id": self.line_id, "kind": self.kind, "amount": self.amount, "period": self.period,
                "for_period": self.for_period, "cause": {"type": self.cause.type, "ref": self.cause.ref},
                "note": self.note, "corrects": self.corrects, "policy_version": self.policy_version}


@dataclass(frozen=True)
class Cause:
    """What a line pays for: a base run, an annual or tenure appraisal, a clawback decision; and its reference."""

    type: str  # base_run, annual_appraisal, tenure_appraisal, clawback_decision, exit_for_cause, automatic_removal
    ref: str  # the run, the message that made the result final, or the decision's reference


@dataclass(frozen=True)
class LineDraft:
    """A line a rule decides to add, before the account numbers it and finds its payslip."""

    kind: str
    amount: Decimal
    for_period: str
    cause: Cause
    note: str
    corrects: str | None = None
    policy_version: int | None = None  # the plan's when not said


def new_line(lines: tuple[PaymentLine, ...], closed: Iterable[str], draft: LineDraft, period: str,
             policy_version: int) -> PaymentLine:
    """The account's next line, to the cent, on `period` or the first open period after it."""
    return PaymentLine(f"L{len(lines) + 1}", draft.kind, round_money(draft.amount), first_open(period, closed),
                       draft.for_period, draft.cause, draft.note, draft.corrects,
                       draft.policy_version or policy_version)


def paid_by_month(lines: Iterable[PaymentLine], kind: str, year: int) -> dict[int, Decimal]:
    """{month: amount} of the lines of `kind` paid for the months of `year`."""
    months: dict[int, Decimal] = {}
    for line in lines:
        if line.kind == kind and line.for_period[:4] == f"{year:04d}":
            months[int(line.for_period[5:])] = months.get(int(line.for_period[5:]), Decimal("0.00")) + line.amount
    return months


def paid(lines: Iterable[PaymentLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    """(year, month) of a `YYYY-MM` period."""
    try:
        year, month = (int(part) for part in period.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise RuleViolationError(f"a period is YYYY-MM; got {period!r}", field="period", rule="period_format") from None
    return year, month


def first_open(period: str, closed: Iterable[str]) -> str:
    """`period`, or the first period after it not closed: a closed payslip is never edited."""
    shut = set(closed)
    while period in shut:
        year, month = parse_period(period)
        period = f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return period
