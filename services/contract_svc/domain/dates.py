"""Calendar arithmetic for terms: anniversaries and month offsets."""

from __future__ import annotations

from datetime import date, timedelta

from shared.domain.dates import add_months  # noqa: F401 - defined once, for every service


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def last_day_within_years(start: date, years: int) -> date:
    """The last day of a term of `years` years: 2022-03-01 + 3 years ends on 2025-02-28."""
    return add_years(start, years) - timedelta(days=1)


def years_touched(start: date, end: date) -> range:
    """Calendar years a term touches; each gets one annual letter."""
    return range(start.year, end.year + 1)
