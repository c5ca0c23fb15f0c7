"""Base salary: the year's pro-rated total, paid monthly (DOMAIN.md "Pay").

The year's total is the annual base × the year fraction (calendar days), rounded to the cent. It is spread over
the months paid in proportion to each month's share: a whole month counts 1, a month paid in part counts its
days paid / its calendar days. Every month but the last paid one is rounded to the cent; the last takes the
remainder, so the months add up to the year's total exactly. For a whole year this is DOMAIN.md's rule to the
letter: base / 12 rounded, December takes the remainder. A month never takes more than what is left of the
total, so no month is negative, however small the amounts.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from shared.decimals import round_money
from shared.errors import InvalidInputError

from .figures import NO_MONEY, positive_money
from .lines import BASE, Cause, LineDraft, PaymentLine, paid_by_month, parse_period
from .proration import YearFraction, year_fraction


@dataclass(frozen=True)
class MonthLine:
    """One month's base: the days of it paid, and the amount."""

    year: int
    month: int
    first_day: date
    last_day: date
    days_paid: int
    days_in_month: int
    amount: Decimal
    takes_remainder: bool

    @property
    def whole_month(self) -> bool:
        return self.days_paid == self.days_in_month


@dataclass(frozen=True)
class BaseYear:
    """A year's base: the fraction paid, the total before and after rounding, and its months."""

    year: int
    annual_base: Decimal
    fraction: YearFraction
    total_unrounded: Decimal
    total: Decimal
    months: tuple[MonthLine, ...]


def base_for_year(
    annual_base: Any, year: int, tenure_start: date, tenure_end: date, exit_date: date | None = None
) -> BaseYear:
    """The year's pro-rated base and its monthly lines; no line for a month with no day paid."""
    annual = positive_money(annual_base, "annual_base")
    fraction = year_fraction(tenure_start, tenure_end, year, exit_date)
    unrounded = fraction.of(annual)
    total = round_money(unrounded)
    first, last = fraction.first_day, fraction.last_day
    months = _spread(total, year, first, last) if first and last else ()
    return BaseYear(year, annual, fraction, unrounded, total, months)


def monthly_base(
    annual_base: Any, year: int, tenure_start: date, tenure_end: date, exit_date: date | None = None
) -> list[MonthLine]:
    """The months of `year` paid, each with its base; they add up to the year's pro-rated base."""
    return list(base_for_year(annual_base, year, tenure_start, tenure_end, exit_date).months)


def month_amount(
    annual_base: Any, year: int, month: int, tenure_start: date, tenure_end: date, exit_date: date | None = None
) -> Decimal:
    """The base of one month (a monthly run), the same as that month's line of `monthly_base`; 0 if unpaid."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise InvalidInputError("month must be an integer from 1 to 12", field="month", rule="month")
    lines = base_for_year(annual_base, year, tenure_start, tenure_end, exit_date).months
    return next((line.amount for line in lines if line.month == month), NO_MONEY)


def base_due(
    annual_base: Any, year: int, month: int, paid_months: Mapping[int, Decimal], tenure_start: date,
    tenure_end: date, exit_date: date | None = None,
) -> Decimal:
    """What a monthly run pays for `month`: its share of the year's schedule as known now, plus what that
    schedule owes the months of the year already paid ({month: amount paid}) less what they were paid. When
    an exit or an extension changes the year in its middle, the paid months still add up to the year's base."""
    schedule = {line.month: line.amount for line in base_for_year(annual_base, year, tenure_start, tenure_end,
                                                                   exit_date).months}
    owed = sum((schedule.get(m, NO_MONEY) for m in sorted({*paid_months, month})), NO_MONEY)
    return owed - sum(paid_months.values(), NO_MONEY)


def base_line(annual_base: Decimal, period: str, lines: Iterable[PaymentLine], tenure_start: date, tenure_end: date,
              exit_date: date | None, run_ref: str) -> LineDraft | None:
    """The base line a monthly run pays for `period` (`base_due`); none for a month paid already, owed nothing, or
    after the exit's month (exit.py corrects base paid for those before the exit was learned)."""
    year, month = parse_period(period)
    months_paid = paid_by_month(lines, BASE, year)
    if month in months_paid or (exit_date is not None and (year, month) > (exit_date.year, exit_date.month)):
        return None
    amount = base_due(annual_base, year, month, months_paid, tenure_start, tenure_end, exit_date)
    return None if amount == NO_MONEY else LineDraft(BASE, amount, period, Cause("base_run", run_ref), f"base {period}")


def _spread(total: Decimal, year: int, first_paid: date, last_paid: date) -> tuple[MonthLine, ...]:
    """Each month's share of `total`, rounded; the last month paid takes the remainder."""
    spans = [_span(year, month, first_paid, last_paid) for month in range(first_paid.month, last_paid.month + 1)]
    shares = [Fraction(days_paid, days_in_month) for _, _, days_paid, days_in_month in spans]
    whole = sum(shares, Fraction(0))
    lines: list[MonthLine] = []
    remaining = total
    for index, ((first, last, days_paid, days_in_month), share) in enumerate(zip(spans, shares, strict=True)):
        is_last = index == len(spans) - 1
        amount = remaining if is_last else min(round_money(_decimal(Fraction(total) * share / whole)), remaining)
        remaining -= amount
        lines.append(MonthLine(year, first.month, first, last, days_paid, days_in_month, amount, is_last))
    return tuple(lines)


def _span(year: int, month: int, first_paid: date, last_paid: date) -> tuple[date, date, int, int]:
    days_in_month = calendar.monthrange(year, month)[1]
    first = max(first_paid, date(year, month, 1))
    last = min(last_paid, date(year, month, days_in_month))
    return first, last, (last - first).days + 1, days_in_month


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
