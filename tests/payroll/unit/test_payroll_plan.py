"""The pay plan check (DOMAIN.md "Pay": performance share) and the policy parameters pay reads."""

from decimal import Decimal

from services.payroll_svc.domain import check_pay_plan
from shared.domain.parameters import PolicyParameters
from tests.payroll.unit.payroll_builders import POLICY, policy, refused

D = Decimal


def test_a_plan_below_the_minimum_performance_share_is_refused() -> None:
    # 50 % is the middle level's floor; 99,999 / 200,000 is just under it.
    assert refused(check_pay_plan, D("100001"), D("99999"), "middle", POLICY) == (
        "performance",
        "min_performance_share",
    )


def test_a_plan_at_the_minimum_performance_share_is_accepted_with_its_figures() -> None:
    plan = check_pay_plan(D("100000"), D("100000"), "middle", POLICY)

    assert (plan.annual_target_pay, plan.performance_share, plan.min_performance_share) == (
        D("200000.00"),
        D("0.5"),
        D("0.50"),
    )


def test_leadership_and_professional_plans_need_a_60_percent_performance_share() -> None:
    for level in ("leadership", "professional"):
        assert refused(check_pay_plan, "200000", "299999", level, POLICY) == ("performance", "min_performance_share")
        assert check_pay_plan("200000", "300000", level, POLICY).performance_share == D("0.6")


def test_a_policy_can_raise_the_minimum_performance_share() -> None:
    county = policy(min_performance_share={"leadership": "0.70"})

    assert refused(check_pay_plan, "200000", "400000", "leadership", county) == ("performance", "min_performance_share")
    assert check_pay_plan("150000", "350000", "leadership", county).min_performance_share == D("0.70")


def test_negative_or_zero_amounts_are_refused() -> None:
    assert refused(check_pay_plan, "0", "300000", "middle", POLICY) == ("base", "positive_amount")
    assert refused(check_pay_plan, "-1", "300000", "middle", POLICY) == ("base", "positive_amount")
    assert refused(check_pay_plan, "200000", "0", "middle", POLICY) == ("performance", "positive_amount")


def test_amounts_below_the_cent_floats_and_unknown_levels_are_refused() -> None:
    assert refused(check_pay_plan, "200000.001", "300000", "middle", POLICY) == ("base", "money")
    assert refused(check_pay_plan, 200000.0, "300000", "middle", POLICY) == ("base", "decimal")
    assert refused(check_pay_plan, "200000", "300000", "director", POLICY) == ("level", "known_level")


def test_pay_reads_the_recorded_policy_dict_over_domain_md_defaults() -> None:
    assert PolicyParameters.of(None) == PolicyParameters() == PolicyParameters.of(POLICY)
    custom = PolicyParameters.of(
        policy(retention_pct="25", performance_mode="score", coefficients={"excellent": "1.3"})
    )

    assert (custom.retention_pct, custom.performance_mode) == (D(25), "score")
    assert dict(custom.coefficients) == {
        "excellent": D("1.3"),
        "qualified": D("1.0"),
        "basic": D("0.8"),
        "unqualified": D(0),
    }


def test_a_plan_under_out_of_range_pay_parameters_is_refused() -> None:
    def plan(**parameters: object) -> object:
        return check_pay_plan("200000", "300000", "middle", parameters)

    assert refused(plan, retention_pct="101") == ("parameters.retention_pct", "parameter_range")
    assert refused(plan, performance_mode="bonus") == ("parameters.performance_mode", "known_choice")
    assert refused(plan, coefficients={"good": "1"}) == ("parameters.coefficients.good", "known_parameter")
    assert refused(plan, tenure_coefficient_cap="0") == ("parameters.tenure_coefficient_cap", "parameter_range")
