"""A year's performance pay (DOMAIN.md "Pay"): target × grade coefficient, or × score / 100; retention."""

from decimal import Decimal

from services.payroll_svc.domain import settle_performance, year_fraction
from tests.payroll.unit.payroll_builders import END, POLICY, START, policy, refused

D = Decimal
PART_YEAR = year_fraction(START, END, 2022)  # 306 / 365


def test_the_performance_target_is_prorated_and_rounded_before_the_coefficient() -> None:
    result = settle_performance(D("300000"), PART_YEAR, "excellent", D("98.60"), POLICY)

    assert result.performance_target == D("251506.85")
    # 251,506.85 × 1.5 = 377,260.275 → 377,260.28; the exact target × 1.5 would give 377,260.27.
    assert (result.performance_pay_unrounded, result.performance_pay) == (D("377260.275"), D("377260.28"))
    assert (result.retained, result.performance_paid_now) == (D("0.00"), D("377260.28"))


def test_each_grade_pays_its_coefficient_of_the_target() -> None:
    pays = {
        grade: settle_performance("300000", D(1), grade, None, POLICY).performance_pay
        for grade in ("excellent", "qualified", "basic", "unqualified")
    }

    assert pays == {
        "excellent": D("450000.00"),
        "qualified": D("300000.00"),
        "basic": D("240000.00"),
        "unqualified": D("0.00"),
    }


def test_unqualified_year_forfeits_all_performance_pay() -> None:
    for params in (POLICY, policy(performance_mode="score")):
        result = settle_performance(D("300000"), D(1), "unqualified", D("82.86"), params)

        assert (result.rate, result.performance_pay, result.performance_paid_now) == (D(0), D("0.00"), D("0.00"))


def test_score_mode_pays_the_target_times_the_score_over_100() -> None:
    result = settle_performance(D("300000"), PART_YEAR, "qualified", D("91.33"), policy(performance_mode="score"))

    # 251,506.85 × 0.9133 = 229,701.206...
    assert (result.rate, result.performance_pay) == (D("0.9133"), D("229701.21"))


def test_score_mode_needs_the_annual_score() -> None:
    assert refused(settle_performance, "300000", D(1), "qualified", None, policy(performance_mode="score")) == (
        "score",
        "score_required",
    )


def test_a_policy_sets_its_own_grade_coefficients() -> None:
    result = settle_performance("300000", D(1), "excellent", None, policy(coefficients={"excellent": "1.2"}))

    assert result.performance_pay == D("360000.00")


def test_retention_is_rounded_to_the_cent_and_the_rest_is_paid_now() -> None:
    result = settle_performance("300000", PART_YEAR, "basic", None, policy(retention_pct="25"))

    # 201,205.48 × 25 % = 50,301.37
    assert (result.performance_pay, result.retained, result.performance_paid_now) == (
        D("201205.48"),
        D("50301.37"),
        D("150904.11"),
    )


def test_an_unknown_grade_or_a_fraction_outside_0_to_1_is_refused() -> None:
    assert refused(settle_performance, "300000", D(1), "good", None, POLICY) == ("grade", "known_grade")
    assert refused(settle_performance, "300000", D("1.1"), "good", None, POLICY) == ("year_fraction", "year_fraction")
