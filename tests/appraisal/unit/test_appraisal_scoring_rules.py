"""Scoring rules of one KPI (DOMAIN.md "Scoring rules"): one test per rule."""

from decimal import Decimal

from shared.domain.parameters import PolicyParameters
from tests.appraisal.unit.appraisal_builders import (
    POLICY,
    cost_rate_kpi,
    deduct_kpi,
    kpi,
    pass_fail_kpi,
    rated_kpi,
    score,
    tiered_kpi,
)

D = Decimal


def test_completion_is_actual_over_target_when_higher_is_better() -> None:
    result = score(kpi(), "10200")

    assert result.completion == D("1.02") and result.completion_rounded == D("1.0200")


def test_completion_is_target_over_actual_when_lower_is_better() -> None:
    result = score(cost_rate_kpi(), "32.5")

    assert result.completion == D("35.0") / D("32.5") and result.completion_rounded == D("1.0769")


def test_linear_score_is_weight_times_completion() -> None:
    assert score(kpi(), "9300").score == D("27.9")


def test_linear_score_is_capped_at_cap_times_weight() -> None:
    result = score(kpi(), "13000")

    assert result.score == D("36.0") and result.completion == D("1.3") and result.cap == D("1.2")


def test_a_kpi_own_cap_wins_over_the_policy_cap() -> None:
    result = score(kpi(cap="1.1"), "13000", params={**POLICY, "linear_cap": D("1.5")})

    assert result.score == D("33.0") and result.cap_source == "sheet"


def test_the_policy_cap_applies_when_the_sheet_leaves_it_blank() -> None:
    result = score({**kpi(), "cap": None}, "13000", params=PolicyParameters(linear_cap=D("1.5")))

    assert result.score == D("39.0") and (result.cap, result.cap_source) == (D("1.5"), "policy")


def test_deduct_gives_the_full_weight_when_the_target_is_met() -> None:
    result = score(deduct_kpi(), "1236")

    assert result.score == 30 and result.gap == 0 and result.met


def test_deduct_removes_penalty_pct_of_the_weight_for_each_step_of_shortfall() -> None:
    result = score(deduct_kpi(), "1164")  # completion 0.97: 3 steps of 1 %, 10 % each

    assert result.gap == D("3") and result.score == D("21.0") and not result.met


def test_deduct_is_proportional_not_stepped() -> None:
    assert score(deduct_kpi(), "1194").score == D("28.50")  # half a step below removes half a penalty


def test_deduct_never_goes_below_zero() -> None:
    assert score(deduct_kpi(), "1000").score == 0


def test_deduct_for_percent_kpis_measures_the_gap_in_percentage_points() -> None:
    result = score(cost_rate_kpi(), "36.0")  # 1 point above a lower-is-better 35.0, step 2

    assert (result.gap, result.gap_basis) == (D("1.0"), "percentage_points")
    assert result.score == D("19.00")


def test_deduct_for_higher_percent_kpis_takes_target_minus_actual_in_points() -> None:
    pass_rate = deduct_kpi(code="pass_rate", unit="%", target="95.0")

    assert score(pass_rate, "94.0").gap == D("1.0") and score(pass_rate, "94.0").score == D("27.00")


def test_deduct_for_amounts_measures_the_gap_in_percent_of_the_target() -> None:
    cost = deduct_kpi(code="cost", direction="lower", unit="万元", target="1000")
    result = score(cost, "1250")  # completion 1000 / 1250 = 0.8: a gap of 20 %

    assert (result.gap, result.gap_basis) == (D("20"), "relative_pct") and result.score == 0


def test_a_kpi_own_step_and_penalty_win_over_the_policy() -> None:
    result = score(deduct_kpi(step=2, penalty=20), "1164")  # 3 % short: 1.5 steps of 20 %

    assert result.score == D("21.0") and (result.step_source, result.penalty_source) == ("sheet", "sheet")


def test_tiered_scores_80_100_120_percent_of_the_weight_at_basic_striving_challenge() -> None:
    assert [score(tiered_kpi(), actual).score for actual in ("90", "100", "110", "130")] == [16, 20, 24, 24]


def test_tiered_is_linear_between_tiers() -> None:
    assert score(tiered_kpi(), "95").score == 18 and score(tiered_kpi(), "105").score == 22


def test_tiered_below_basic_reduces_80_percent_by_the_deduct_rule_against_basic() -> None:
    result = score(tiered_kpi(), "81")  # 10 % below basic 90: 10 steps of 10 %: nothing left

    assert result.tier == "below_basic" and result.gap == D("10") and result.score == 0
    assert score(tiered_kpi(), "89.1").score == D("14.4")  # 1 % below basic: 16 × 0.9


def test_tiered_completion_is_measured_against_the_striving_target() -> None:
    assert score(tiered_kpi(), "95").completion == D("0.95")


def test_tiered_works_for_lower_is_better_kpis() -> None:
    ratio = tiered_kpi(direction="lower", tiers={"basic": "40", "striving": "35", "challenge": "30"})

    assert score(ratio, "37.5").score == 18 and score(ratio, "30").score == 24


def test_pass_fail_gives_the_weight_if_met_and_nothing_otherwise() -> None:
    met, failed = score(pass_fail_kpi(), "0"), score(pass_fail_kpi(), "1")

    assert (met.score, met.met, failed.score, failed.met) == (10, True, 0, False)
    assert met.completion is None


def test_pass_fail_higher_is_met_at_or_above_the_target() -> None:
    launched = pass_fail_kpi(direction="higher", target="3")

    assert score(launched, "3").score == 10 and score(launched, "2").score == 0


def test_rated_score_is_the_mean_rating_times_the_weight_over_100() -> None:
    result = score(rated_kpi(), rating=[D(80), D(90), D(85)])

    assert result.rating == 85 and result.score == 17 and result.completion is None


def test_a_rated_veto_kpi_fails_when_the_mean_rating_is_below_veto_below() -> None:
    assert score(rated_kpi(), rating=D(55)).vetoed and score(rated_kpi(), rating=[D(59), D(61)]).vetoed is False


def test_a_quantitative_veto_kpi_fails_when_its_target_is_not_reached() -> None:
    veto = kpi(veto=True)

    assert score(veto, "9999").vetoed and not score(veto, "10000").vetoed
    assert score(pass_fail_kpi(veto=True), "1").vetoed


def test_score_keeps_full_precision_and_is_rounded_to_2_decimals_only_for_display() -> None:
    result = score(deduct_kpi(target="1680"), "1646")

    completion = D(1646) / D(1680)
    assert result.score == D(30) * (1 - D("0.1") * (1 - completion) * 100)  # 30 × (1 − 10 % × gap / 1)
    assert result.score_rounded == D("23.93") and result.score != result.score_rounded


def test_a_score_ending_in_half_a_cent_rounds_half_up_when_its_completion_terminates() -> None:
    assert score(kpi(), "10175").score_rounded == D("30.53")  # 30 × 1.0175 = 30.525


def test_a_linear_score_is_the_weight_times_the_completion_as_computed_to_28_digits() -> None:
    result = score(kpi(target="12000"), "12250")

    assert result.completion == D(12250) / D(12000)  # 1.020833333333333333333333333
    assert result.score == D(30) * result.completion and result.score_rounded == D("30.62")
