"""Base salary paid monthly (DOMAIN.md "Pay"): base / 12 to the cent, the last month takes the remainder,
a part year pro-rated by calendar days, nothing after the exit date."""

from datetime import date
from decimal import Decimal

from services.payroll_svc.domain import base_for_year, month_amount, monthly_base
from tests.payroll.unit.payroll_builders import END, START, refused

D = Decimal


def test_the_last_month_takes_the_rounding_remainder() -> None:
    months = monthly_base(D("200000"), 2023, START, END)

    assert [line.amount for line in months] == [D("16666.67")] * 11 + [D("16666.63")]
    assert [line.takes_remainder for line in months] == [False] * 11 + [True]
    assert sum(line.amount for line in months) == D("200000.00")


def test_a_part_year_is_prorated_by_calendar_days() -> None:
    year = base_for_year(D("200000"), 2022, START, END)

    assert year.total == D("167671.23")  # 200,000 × 306 / 365
    assert [line.month for line in year.months] == list(range(3, 13))
    assert [line.amount for line in year.months] == [D("16767.12")] * 9 + [D("16767.15")]


def test_a_month_paid_in_part_is_prorated_by_its_calendar_days() -> None:
    months = monthly_base(D("200000"), 2023, date(2023, 3, 16), date(2025, 3, 15))

    # 159,452.05 for 291 days, shared by 9 whole months and 16/31 of March.
    assert (months[0].days_paid, months[0].days_in_month, months[0].amount) == (16, 31, D("8648.25"))
    assert [line.amount for line in months[1:]] == [D("16755.98")] * 8 + [D("16755.96")]
    assert sum(line.amount for line in months) == D("159452.05")


def test_nothing_is_paid_after_the_exit_date() -> None:
    year = base_for_year(D("200000"), 2023, START, END, exit_date=date(2023, 6, 30))

    assert year.total == D("99178.08")  # 200,000 × 181 / 365
    assert [line.month for line in year.months] == [1, 2, 3, 4, 5, 6] and year.months[-1].takes_remainder
    assert month_amount(D("200000"), 2023, 7, START, END, exit_date=date(2023, 6, 30)) == D("0.00")
    assert monthly_base(D("200000"), 2024, START, END, exit_date=date(2023, 6, 30)) == []


def test_the_exit_day_itself_is_paid() -> None:
    months = monthly_base(D("200000"), 2023, START, END, exit_date=date(2023, 7, 1))

    assert (months[-1].month, months[-1].days_paid, months[-1].days_in_month) == (7, 1, 31)


def test_a_month_outside_the_tenure_pays_nothing() -> None:
    assert month_amount(D("200000"), 2022, 2, START, END) == D("0.00")
    assert monthly_base(D("200000"), 2021, START, END) == []


def test_the_monthly_run_pays_the_same_as_the_months_line() -> None:
    months = monthly_base(D("200000"), 2022, START, END)

    assert [month_amount(D("200000"), 2022, line.month, START, END) for line in months] == [
        line.amount for line in months
    ]


def test_no_month_takes_more_than_what_is_left_of_the_year() -> None:
    # So small an amount that 11 rounded-up months would exceed the total: the last ones are capped, not negative.
    months = monthly_base(D("1.26"), 2023, date(2023, 1, 1), date(2023, 12, 1))

    assert min(line.amount for line in months) == D("0.00") and sum(line.amount for line in months) == D("1.16")


def test_an_invalid_month_or_base_is_refused() -> None:
    assert refused(month_amount, D("200000"), 2023, 13, START, END) == ("month", "month")
    assert refused(monthly_base, D("0"), 2023, START, END) == ("annual_base", "positive_amount")
