"""Pro-rating by calendar days (DOMAIN.md "Pay"): days of the year inside the tenure / days in that year.

Both ends of a tenure are days in post, and so is an exit (or removal) date: it is the last day paid, and
nothing is paid for the days after it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from shared.errors import InvalidInputError

from .figures import ONE, ZERO


@dataclass(frozen=True)
class YearFraction:
    """The exact share of a calendar year paid: `days_paid / days_in_year`, kept as both whole numbers."""

    year: int
    days_paid: int
    days_in_year: int
    first_day: date | None
    last_day: date | None

    @property
    def numerator(self) -> int:
        return self.days_paid

    @property
    def denominator(self) -> int:
        return self.days_in_year

    @property
    def value(self) -> Decimal:
        """The fraction as a Decimal (to the context's precision; 1 and 0 are exact)."""
        return Decimal(self.days_paid) / Decimal(self.days_in_year)

    def of(self, amount: Decimal) -> Decimal:
        """`amount` × the fraction, multiplied before dividing so that whole years stay exact; not rounded."""
        return amount * self.days_paid / self.days_in_year


def year_fraction(tenure_start: date, tenure_end: date, year: int, exit_date: date | None = None) -> YearFraction:
    """Days of `year` from `tenure_start` to `tenure_end` (or the exit date, if earlier), both included."""
    first, last = paid_days(tenure_start, tenure_end, exit_date)
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise InvalidInputError("year must be a calendar year", field="year", rule="year")
    days_in_year = days_in(year)
    first, last = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
    if last < first:
        return YearFraction(year, 0, days_in_year, None, None)
    return YearFraction(year, (last - first).days + 1, days_in_year, first, last)


def paid_days(tenure_start: date, tenure_end: date, exit_date: date | None = None) -> tuple[date, date]:
    """The first and last day paid; the last is before the first when the exit precedes the tenure."""
    start, end = _day(tenure_start, "tenure_start"), _day(tenure_end, "tenure_end")
    if end < start:
        raise InvalidInputError("tenure_end is before tenure_start", field="tenure_end", rule="end_after_start")
    if exit_date is not None:
        end = min(end, _day(exit_date, "exit_date"))
    return start, end


def days_in(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def fraction_value(fraction: YearFraction | Decimal, field: str = "year_fraction") -> Decimal:
    """The value of a `YearFraction`, or a Decimal fraction given as such; it must lie in [0, 1]."""
    value = fraction.value if isinstance(fraction, YearFraction) else fraction
    if not isinstance(value, Decimal) or not ZERO <= value <= ONE:
        raise InvalidInputError(f"{field} must be a fraction between 0 and 1", field=field, rule="year_fraction")
    return value


def prorate(amount: Decimal, fraction: YearFraction | Decimal, field: str = "year_fraction") -> Decimal:
    """`amount` × the fraction, exact for a `YearFraction` (days multiplied before dividing); not rounded."""
    if isinstance(fraction, YearFraction):
        return fraction.of(amount)
    return amount * fraction_value(fraction, field)


def _day(value: date, field: str) -> date:
    # A datetime is a date by inheritance, but its time of day has no meaning for pay.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInputError(f"{field} must be a date", field=field, rule="date")
    return value
