"""Tenure settlement (DOMAIN.md "Pay", "Termination"): coefficient, incentive, retention released or forfeited."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from services.payroll_svc.domain import TenureSettlement, settle_performance, settle_tenure
from shared.domain.parameters import PolicyParameters
from tests.payroll.unit.payroll_builders import POLICY, YEARS, appraised, fractions, policy, refused

D = Decimal
TARGETS = {year: D("500000") for year in YEARS}
M01 = {2022: D("98.60"), 2023: D("81.50"), 2024: D("97.60")}
NO_RETENTION = {year: D("0.00") for year in YEARS}


def settle(
    scores: Mapping[int, Decimal] = M01,
    grade: str = "qualified",
    retained: Mapping[int, Decimal] = NO_RETENTION,
    params: Mapping[str, Any] = POLICY,
    ended_by: str | None = None,
) -> TenureSettlement:
    """The golden tenure (2022-03-01 to 2024-12-31, 500,000 a year of target pay), settled with the tenure
    appraisal's coefficient, capped by the same policy."""
    outcome = appraised(dict(scores), grade, PolicyParameters.of(params).tenure_coefficient_cap)
    return settle_tenure(TARGETS, fractions(), outcome, retained, params, ended_by)


def test_the_tenure_incentive_is_a_share_of_target_pay_over_the_exact_tenure_length_times_the_coefficient() -> None:
    result = settle()

    # 10 % × 500,000 × (306/365 + 1 + 1) × 0.7843, the length not rounded: 111,306.1369...
    assert (result.tenure_coefficient, result.tenure_incentive) == (D("0.7843"), D("111306.14"))
    assert result.length_years == D(306) / D(365) + 2


def test_the_incentive_uses_the_coefficient_the_tenure_appraisal_sends_capped_and_rounded() -> None:
    result = settle(scores={2022: D("98.60"), 2023: D("81.50"), 2024: D("97.60")})

    # Unrounded 0.78430384 would give 111,306.68; the rounded 0.7843 gives 111,306.14.
    assert result.coefficient_uncapped == D("0.784303840") and result.tenure_incentive == D("111306.14")
    capped = settle(
        scores={2022: D("130"), 2023: D("130"), 2024: D("130")}, params=policy(tenure_coefficient_cap="1.5")
    )
    assert (capped.tenure_coefficient, capped.tenure_incentive) == (D("1.5000"), D("212876.71"))


def test_retention_is_held_back_and_released_at_tenure_end() -> None:
    params = policy(retention_pct="25")
    years = {year: settle_performance("300000", f, "qualified", None, params) for year, f in fractions().items()}
    held = {year: result.retained for year, result in years.items()}

    assert held == {2022: D("62876.71"), 2023: D("75000.00"), 2024: D("75000.00")}
    assert settle(retained=held, params=params).retained_released == D("212876.71")


def test_an_unqualified_tenure_forfeits_the_incentive_and_the_retained_pay() -> None:
    result = settle(grade="unqualified", retained={2022: D("100.00")})

    assert (result.forfeited_by, result.tenure_incentive, result.incentive_earned) == (
        "tenure_unqualified",
        D("0.00"),
        D("111306.14"),
    )
    assert (result.retained_released, result.retained_forfeited) == (D("0.00"), D("100.00"))


def test_removal_for_cause_forfeits_performance_retention_and_incentive() -> None:
    params = policy(retention_pct="25")
    year = settle_performance("300000", D(1), "excellent", None, params, terminated_for_cause=True)
    tenure = settle(retained={2022: D("62876.71"), 2023: D("75000.00")}, params=params, ended_by="terminated")

    assert (year.earned, year.performance_pay, year.retained, year.performance_paid_now) == (
        D("450000.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )
    assert (tenure.forfeited_by, tenure.tenure_incentive, tenure.retained_released, tenure.retained_forfeited) == (
        "terminated",
        D("0.00"),
        D("0.00"),
        D("137876.71"),
    )


def test_expiry_with_a_qualified_result_and_no_renewal_is_paid() -> None:
    result = settle(retained={2022: D("100.00")}, ended_by="expired")

    assert (result.forfeited_by, result.tenure_incentive, result.retained_released) == (
        None,
        D("111306.14"),
        D("100.00"),
    )


def test_targets_and_fractions_must_cover_the_same_years_and_endings_be_known() -> None:
    assert refused(settle_tenure, TARGETS, {2022: D(1)}, appraised(M01), {}, POLICY) == (
        "year_fractions",
        "same_years",
    )
    assert refused(settle, ended_by="resigned") == ("ended_by", "known_ending")
    assert refused(settle, grade="excellent") == ("tenure_grade", "known_tenure_grade")


def test_the_incentive_is_paid_with_the_coefficient_sent_not_one_computed_by_payroll() -> None:
    sent = appraised(M01).model_copy(update={"coefficient": D("0.5000"), "coefficient_uncapped": D("0.5")})
    result = settle_tenure(TARGETS, fractions(), sent, NO_RETENTION, POLICY)

    # 10 % × 1,419,178.08... × 0.5, where the product of the scores would have given 0.7843
    assert (result.tenure_coefficient, result.coefficient_uncapped, result.tenure_incentive) == (
        D("0.5000"),
        D("0.5"),
        D("70958.90"),
    )
