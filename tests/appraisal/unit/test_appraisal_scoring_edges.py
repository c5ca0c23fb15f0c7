"""Edge cases of scoring one KPI: each refusal names the field and the rule it broke."""

from decimal import Decimal

from services.appraisal_svc.domain import score_kpi
from tests.appraisal.unit.appraisal_builders import (
    POLICY,
    cost_rate_kpi,
    deduct_kpi,
    kpi,
    pass_fail_kpi,
    rated_kpi,
    refused,
    score,
    tiered_kpi,
)

D = Decimal


def test_a_ratio_rule_refuses_a_zero_target() -> None:
    assert refused(score, {**kpi(), "target": D(0)}, "100") == ("kpis.revenue.target", "positive_target")


def test_a_ratio_rule_refuses_a_negative_target() -> None:
    assert refused(score, {**deduct_kpi(), "target": D(-50)}, "10") == ("kpis.profit.target", "positive_target")


def test_a_ratio_rule_refuses_a_missing_target() -> None:
    assert refused(score, {**kpi(), "target": None}, "100") == ("kpis.revenue.target", "target_required")


def test_pass_fail_accepts_a_zero_target_because_it_only_compares() -> None:
    assert score(pass_fail_kpi(target="0"), "0").met


def test_a_negative_actual_of_a_higher_is_better_kpi_scores_zero_not_less() -> None:
    linear, deduct = score(kpi(), "-500"), score(deduct_kpi(), "-500")

    assert linear.completion == D("-0.05") and linear.score == 0 and deduct.score == 0


def test_a_lower_is_better_kpi_refuses_a_negative_actual() -> None:
    assert refused(score, cost_rate_kpi(), "-1") == ("actuals.cost_rate", "non_negative_actual")


def test_an_actual_of_zero_is_the_best_result_of_a_lower_is_better_kpi() -> None:
    linear = score(kpi(direction="lower", target="5"), "0")
    deduct = score(cost_rate_kpi(), "0")

    assert linear.score == D("36.0") and linear.completion is None and linear.note
    assert deduct.score == 20 and deduct.met


def test_an_actual_of_zero_reaches_the_challenge_tier_of_a_lower_is_better_kpi() -> None:
    ratio = tiered_kpi(direction="lower", tiers={"basic": "40", "striving": "35", "challenge": "30"})

    assert score(ratio, "0").score == 24 and score(ratio, "0").completion is None


def test_a_tiered_kpi_refuses_tiers_out_of_order() -> None:
    unordered = {**tiered_kpi(), "tiers": {"basic": D(100), "striving": D(90), "challenge": D(110)}}

    assert refused(score, unordered, "95") == ("kpis.output.tiers", "tiers_ordered")


def test_a_quantitative_kpi_needs_an_actual() -> None:
    assert refused(score, kpi()) == ("actuals.revenue", "actual_required")


def test_a_float_actual_is_refused() -> None:
    assert refused(score_kpi, kpi(), 10200.0, None, POLICY) == ("actuals.revenue", "decimal")


def test_a_quantitative_kpi_refuses_ratings() -> None:
    assert refused(score, kpi(), "100", D(80)) == ("ratings.revenue", "rating_for_rated_only")


def test_a_rated_kpi_refuses_an_actual() -> None:
    assert refused(score, rated_kpi(), "80") == ("actuals.party", "actual_for_quantitative_only")


def test_a_rated_kpi_needs_at_least_one_rating() -> None:
    assert refused(score, rated_kpi(), None, []) == ("ratings.party", "rating_required")


def test_a_rating_is_between_0_and_100() -> None:
    assert refused(score, rated_kpi(), None, [D(90), D(101)]) == ("ratings.party.1", "rating_range")


def test_an_unknown_scoring_rule_is_refused() -> None:
    assert refused(score, {**kpi(), "rule": "bell_curve"}, "1") == ("kpis.revenue.rule", "known_scoring_rule")


def test_a_rated_veto_kpi_needs_veto_below() -> None:
    kpi_ = {**rated_kpi(), "veto": True, "veto_below": None}

    assert refused(score, kpi_, None, D(90)) == ("kpis.party.veto_below", "veto_below_with_veto")
