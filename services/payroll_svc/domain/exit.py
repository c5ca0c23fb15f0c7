"""Exit for cause during the tenure (DOMAIN.md "Changes after the fact"): the year of the exit is settled when
the exit is learned, since no annual appraisal of that year will include the manager. Its target performance
salary is pro-rated to the effective date, then forfeited; the retained pay of every year and the tenure
incentive are forfeited with it, and there is no tenure settlement. Any exit ends base on its effective date:
base a run paid for the months after it, before the exit was learned, is recovered by new lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.domain.parameters import PolicyParameters

from .base import base_due
from .corrections import correction_lines
from .figures import NO_MONEY, ZERO, money
from .lines import BASE, PERFORMANCE, Cause, LineDraft, PaymentLine, paid_by_month
from .performance import TERMINATED_FOR_CAUSE, PerformanceSettlement
from .proration import YearFraction, fraction_value, prorate, year_fraction
from .records import Exit, TenureSettled, YearSettlement
from .removal import removed_year

EXIT_FOR_CAUSE = "exit_for_cause"  # the cause of the exit year's (forfeited) performance line


def forfeited_at_exit(target_annual: Any, year_fraction: YearFraction,
                      params: PolicyParameters | Mapping[str, Any] | None) -> PerformanceSettlement:
    """The exit year's performance pay: the target pro-rated to the exit like base, not appraised, none paid."""
    policy = PolicyParameters.of(params)
    annual = money(target_annual, "target_annual")
    unrounded = prorate(annual, year_fraction)
    return PerformanceSettlement(
        target_annual=annual, fraction=fraction_value(year_fraction), performance_target_unrounded=unrounded,
        performance_target=round_money(unrounded), mode=policy.performance_mode, grade=None, score=None,
        rate=ZERO, performance_pay_unrounded=ZERO, earned=NO_MONEY, forfeited_by=TERMINATED_FOR_CAUSE,
        performance_pay=NO_MONEY, retention_pct=policy.retention_pct, retained=NO_MONEY,
        performance_paid_now=NO_MONEY,
    )


def exit_year_settlement(target_annual: Any, year_fraction: YearFraction, params: PolicyParameters,
                         exit_ref: str, policy_version: int, line_id: str) -> YearSettlement:
    """The exit year as settled at the exit, resting on the exit's message `exit_ref`."""
    pay = forfeited_at_exit(target_annual, year_fraction, params)
    return YearSettlement(**asdict(pay), year=year_fraction.year, total=None, appraisal=exit_ref,
                          policy_version=policy_version, line_id=line_id)


def settled_at_exit(exit: Exit, settlements: Mapping[int, YearSettlement], target_annual: Decimal, start: date,
                    end: date, params: PolicyParameters, policy_version: int) -> list[tuple[YearSettlement, LineDraft]]:
    """The years an exit settles as it is learned, each with its line: an automatic removal's appraised year,
    forfeited (removal.py); for cause, the exit year, pro-rated and forfeited, unless final already (a year is
    final only after it ends: after any exit in it)."""
    settled = [removed] if (removed := removed_year(exit, settlements)) is not None else []
    if exit.for_cause and exit.on.year not in settlements:
        fraction = year_fraction(start, end, exit.on.year, exit.on)
        now = exit_year_settlement(target_annual, fraction, params, exit.ref, policy_version, line_id="")
        settled.append((now, forfeited_line(exit.on.year, exit.on, exit.ref)))
    return settled


def retained_forfeited(settlements: Mapping[int, YearSettlement], exit: Exit | None,
                       tenure: TenureSettled | None) -> Decimal:
    """Retained pay never to be released: all of it after an exit for cause, else as the tenure settled it."""
    if exit is not None and exit.for_cause:
        return sum((settled.retained for settled in settlements.values()), NO_MONEY)
    return tenure.retained_forfeited if tenure is not None else NO_MONEY


def forfeited_line(year: int, on: date, exit_ref: str) -> LineDraft:
    """The exit year's performance line: nothing paid, saying why."""
    return LineDraft(PERFORMANCE, NO_MONEY, str(year), Cause(EXIT_FOR_CAUSE, exit_ref),
                     f"performance pay {year} forfeited: exit for cause effective {on.isoformat()}")


def base_paid_past(lines: tuple[PaymentLine, ...], annual_base: Decimal, start: date, end: date, exit: Exit
                   ) -> list[LineDraft]:
    """Base paid for the exit's month and later ones before the exit was learned, brought back to what is due
    through the exit (`base.base_due`: the months before it stay as paid, its month takes the remainder, the
    months after it nothing): for each such month, a recovery (or arrears) line naming the base line it corrects."""
    drafts = []
    for year in range(exit.on.year, end.year + 1):
        paid = paid_by_month(lines, BASE, year)
        before = {m: amount for m, amount in paid.items() if year == exit.on.year and m < exit.on.month}
        for month in sorted(set(paid) - set(before)):
            in_exit_month = (year, month) == (exit.on.year, exit.on.month)
            due = base_due(annual_base, year, month, before, start, end, exit.on) if in_exit_month else NO_MONEY
            for_period = f"{year:04d}-{month:02d}"
            paid_by = [line for line in lines if line.kind == BASE and line.for_period == for_period][-1]
            note = f"base {for_period} after the exit effective {exit.on.isoformat()}: {paid[month]} paid, {due} due"
            for line in correction_lines(paid[month], due, note, paid_by.line_id):
                drafts.append(LineDraft(line.kind, line.amount, for_period, Cause("exit", exit.ref), note,
                                        line.corrects))
    return drafts
