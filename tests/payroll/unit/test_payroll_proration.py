"""Pro-rating by calendar days (DOMAIN.md "Pay"): days of the year in the tenure / days in that year."""

from datetime import date, datetime
from decimal import Decimal

from services.payroll_svc.domain import year_fraction
from tests.payroll.unit.payroll_builders import END, START, refused

D = Decimal


def test_a_part_year_is_prorated_by_calendar_days() -> None:
    fraction = year_fraction(START, END, 2022)

    assert (fraction.numerator, fraction.denominator) == (306, 365)  # 1 March to 31 December, both included
    assert (fraction.first_day, fraction.last_day) == (START, date(2022, 12, 31))
    assert fraction.of(D("200000")) == D(200000 * 306) / D(365)


def test_a_year_wholly_in_the_tenure_counts_one() -> None:
    fraction = year_fraction(START, END, 2023)

    assert (fraction.days_paid, fraction.days_in_year, fraction.value) == (365, 365, D(1))


def test_a_leap_year_has_366_days() -> None:
    fraction = year_fraction(date(2024, 2, 1), date(2024, 12, 31), 2024)

    assert (fraction.numerator, fraction.denominator) == (335, 366)


def test_a_year_outside_the_tenure_counts_nothing() -> None:
    fraction = year_fraction(START, END, 2025)

    assert (fraction.days_paid, fraction.first_day, fraction.last_day, fraction.value) == (0, None, None, D(0))


def test_the_fraction_stops_at_the_exit_date_included() -> None:
    fraction = year_fraction(START, END, 2023, exit_date=date(2023, 6, 30))

    assert (fraction.numerator, fraction.last_day) == (181, date(2023, 6, 30))


def test_a_tenure_ending_before_it_starts_or_a_datetime_is_refused() -> None:
    assert refused(year_fraction, END, START, 2022) == ("tenure_end", "end_after_start")
    assert refused(year_fraction, datetime(2022, 3, 1), END, 2022) == ("tenure_start", "date")
