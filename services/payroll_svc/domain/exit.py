"""Exit for cause during the tenure (DOMAIN.md "Changes after the fact"): the year of the exit is settled when
the exit is learned, since no annual appraisal of that year will include the manager. Its target performance
salary is pro-rated to the effective date, then forfeited; the retained pay of every year and the tenure
incentive are forfeited with it, and there is no tenure settlement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.domain.parameters import PolicyParameters

from .figures import NO_MONEY, ZERO, money
from .lines import PERFORMANCE, Cause, LineDraft
from .performance import TERMINATED_FOR_CAUSE, PerformanceSettlement
from .proration import YearFraction, fraction_value, prorate
from .records import Exit, TenureSettled, YearSettlement

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
