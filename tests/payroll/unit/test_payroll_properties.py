"""Properties of the pay rules that must hold for any figures (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.payroll_svc.domain import (
    base_for_year,
    clawback_plan,
    month_amount,
    settle_performance,
    settle_tenure,
    year_fraction,
)
from shared.decimals import round_money
from shared.domain.vocabulary import GRADES
from tests.payroll.unit.payroll_builders import appraised, policy

D = Decimal
SETTINGS = settings(max_examples=200, deadline=None)


def money(low: str = "0.01", high: str = "10000000") -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=2, allow_nan=False, allow_infinity=False)


@st.composite
def tenures(draw: st.DrawFn) -> tuple[date, date, date | None]:
    """A tenure of 1 day to 4 years from 2020 to 2024, perhaps cut short by an exit within or around it."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2024, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 4 * 366)))
    exit_date = draw(st.none() | st.dates(min_value=start - timedelta(days=40), max_value=end + timedelta(days=40)))
    return start, end, exit_date


@SETTINGS
@given(money(), tenures(), st.data())
def test_the_months_of_any_year_add_up_exactly_to_its_prorated_base(annual: Decimal, tenure: Any, data: Any) -> None:
    start, end, exit_date = tenure
    year = data.draw(st.integers(start.year, end.year))
    result = base_for_year(annual, year, start, end, exit_date)

    assert sum((line.amount for line in result.months), D("0.00")) == result.total
    assert result.total == round_money(annual * result.fraction.days_paid / result.fraction.days_in_year)
    assert all(line.amount >= 0 and line.amount == round_money(line.amount) for line in result.months)
    assert all(month_amount(annual, year, line.month, start, end, exit_date) == line.amount for line in result.months)


@SETTINGS
@given(money(), tenures(), st.data())
def test_nothing_is_paid_for_a_day_outside_the_tenure_or_after_the_exit(
    annual: Decimal, tenure: Any, data: Any
) -> None:
    start, end, exit_date = tenure
    year = data.draw(st.integers(start.year - 1, end.year + 1))
    last_paid = min(end, exit_date) if exit_date else end

    for line in base_for_year(annual, year, start, end, exit_date).months:
        assert start <= line.first_day <= line.last_day <= last_paid


@SETTINGS
@given(money(), tenures(), st.sampled_from(GRADES), st.decimals("0", "130", places=2), st.integers(0, 100))
def test_performance_figures_are_never_negative_and_add_up(
    target: Decimal, tenure: Any, grade: str, score: Decimal, retention: int
) -> None:
    start, end, exit_date = tenure
    fraction = year_fraction(start, end, start.year, exit_date)
    for mode in ("grade", "score"):
        result = settle_performance(
            target, fraction, grade, score, policy(performance_mode=mode, retention_pct=retention)
        )

        figures = (result.performance_target, result.performance_pay, result.retained, result.performance_paid_now)
        assert all(figure >= 0 for figure in figures)
        assert result.retained + result.performance_paid_now == result.performance_pay


@SETTINGS
@given(
    money("1000", "5000000"),
    st.lists(st.decimals("0", "130", places=2), min_size=1, max_size=4),
    st.sampled_from(["qualified", "unqualified"]),
    st.sampled_from([None, "expired", "renewed", "terminated"]),
    money("0", "100000"),
)
def test_tenure_figures_are_never_negative_and_retention_is_either_released_or_forfeited(
    target: Decimal, scores: list[Decimal], grade: str, ended_by: str | None, retained: Decimal
) -> None:
    years = range(2022, 2022 + len(scores))
    fractions = {year: year_fraction(date(2022, 3, 1), date(2022 + len(scores) - 1, 12, 31), year) for year in years}
    result = settle_tenure(
        {y: target for y in years},
        fractions,
        appraised(dict(zip(years, scores, strict=True)), grade),
        {years[0]: retained},
        policy(),
        ended_by,
    )

    assert 0 <= result.tenure_coefficient <= D("2.0") and result.tenure_incentive >= 0
    assert result.retained_released + result.retained_forfeited == retained
    assert (result.tenure_incentive == 0) or (grade == "qualified" and ended_by != "terminated")


@SETTINGS
@given(money(), money("0", "100000"), st.lists(money("0", "50000"), max_size=6), money("0", "100000"))
def test_a_clawback_is_recovered_or_owed_to_the_cent_and_never_takes_a_payment_below_zero(
    amount: Decimal, owed: Decimal, payments: list[Decimal], extra_paid: Decimal
) -> None:
    plan = clawback_plan(amount, owed, {f"p{i}": p for i, p in enumerate(payments)}, paid=amount + extra_paid)

    assert plan.recovered + plan.owed_after == owed + amount and plan.owed_after >= 0
    assert all(0 < d.recovered <= d.available and d.left_to_pay >= 0 for d in plan.deductions)
