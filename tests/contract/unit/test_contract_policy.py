"""Policy parameters and their versions (DOMAIN.md Lifecycle 1: every enterprise group sets its own)."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from services.contract_svc.domain import Policy, PolicyParameters
from shared.errors import InvalidInputError, NotFoundError, RuleViolationError
from tests.contract.unit.contract_builders import refused, replayed, state


def adopted(**overrides: object) -> Policy:
    return Policy.adopt("市场化类企业政策", dict(overrides), date(2022, 1, 1), category="market")


def test_default_parameters_are_those_of_domain_md() -> None:
    defaults = PolicyParameters().to_dict()

    assert defaults["exit_score_floor"] == 70 and defaults["main_kpi_floor"] == Decimal("0.70")
    assert (defaults["excellent_pct"], defaults["basic_pct"]) == (20, 10)
    assert defaults["coefficients"] == {
        "excellent": Decimal("1.5"), "qualified": Decimal("1.0"), "basic": Decimal("0.8"), "unqualified": 0,
    }  # fmt: skip
    assert defaults["min_performance_share"] == {
        "leadership": Decimal("0.60"), "middle": Decimal("0.50"), "professional": Decimal("0.60"),
    }  # fmt: skip
    assert defaults["linear_cap"] == Decimal("1.2") and defaults["tenure_coefficient_cap"] == 2
    assert (defaults["deduct_step"], defaults["deduct_penalty"]) == (1, 10)
    assert defaults["revenue_removal_floor"] is None and defaults["profit_removal_floor"] is None
    assert (defaults["min_tenure_years"], defaults["max_tenure_years"], defaults["max_consecutive_terms"]) == (2, 3, 3)


def test_overrides_replace_defaults_and_stay_decimal() -> None:
    params = PolicyParameters.from_dict({"retention_pct": 25, "main_kpi_floor": "0.75", "performance_mode": "score"})

    assert params.retention_pct == Decimal(25) and isinstance(params.retention_pct, Decimal)
    assert params.main_kpi_floor == Decimal("0.75") and params.performance_mode == "score"
    assert params.exit_score_floor == 70


def test_parameters_round_trip_through_their_dict() -> None:
    params = PolicyParameters.from_dict({"coefficients": {"excellent": "1.3"}, "revenue_removal_floor": "0.6"})

    assert PolicyParameters.from_stored(params.to_dict()) == params
    assert PolicyParameters.from_dict(params.to_dict()) == params


def test_unknown_parameter_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"exit_floor": 60})

    assert (raised.value.field, raised.value.rule) == ("parameters.exit_floor", "known_parameter")


def test_float_parameter_is_refused_because_it_has_lost_exactness() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"main_kpi_floor": 0.7})

    assert (raised.value.field, raised.value.rule) == ("parameters.main_kpi_floor", "decimal")


def test_parameter_out_of_range_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"excellent_pct": 120})

    assert (raised.value.field, raised.value.rule) == ("parameters.excellent_pct", "parameter_range")


def test_integer_parameter_refuses_a_string() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"max_consecutive_terms": "3"})

    assert (raised.value.field, raised.value.rule) == ("parameters.max_consecutive_terms", "integer")


def test_coefficient_override_keeps_the_other_grades() -> None:
    params = PolicyParameters.from_dict({"coefficients": {"excellent": "1.3"}})

    assert params.coefficients["excellent"] == Decimal("1.3") and params.coefficients["basic"] == Decimal("0.8")


def test_unknown_grade_in_coefficients_is_refused() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"coefficients": {"outstanding": "2"}})

    assert raised.value.field == "parameters.coefficients.outstanding"


def test_minimum_tenure_cannot_exceed_the_maximum() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"min_tenure_years": 4})

    assert raised.value.rule == "tenure_years_range"


def test_grade_quotas_cannot_exceed_the_whole_group() -> None:
    with pytest.raises(InvalidInputError) as raised:
        PolicyParameters.from_dict({"excellent_pct": 60, "basic_pct": 50})

    assert raised.value.rule == "quotas_within_100"


def test_policy_applies_to_exactly_one_enterprise_or_category() -> None:
    for scope in ({}, {"enterprise_id": uuid4(), "category": "market"}):
        with pytest.raises(InvalidInputError) as raised:
            Policy.adopt("p", {}, date(2022, 1, 1), **scope)
        assert raised.value.rule == "one_scope"


def test_revision_adds_a_version_and_keeps_the_earlier_one() -> None:
    policy = adopted(retention_pct=0)

    policy.revise({"retention_pct": 25}, date(2023, 1, 1), "采用一重做法，预留25%绩效年薪")

    assert [v.number for v in policy.versions] == [1, 2]
    assert policy.versions[0].parameters.retention_pct == 0
    assert policy.versions[1].parameters.retention_pct == 25 and policy.versions[1].reason


def test_revision_carries_over_what_it_does_not_change() -> None:
    policy = adopted(linear_cap="1.3")

    policy.revise({"retention_pct": 25}, date(2023, 1, 1), "预留绩效")

    assert policy.current.parameters.linear_cap == Decimal("1.3")


def test_revision_must_take_effect_after_the_previous_version() -> None:
    policy = adopted()

    error = refused(policy, lambda: policy.revise({}, date(2022, 1, 1), "same day"), RuleViolationError)

    assert (error.field, error.rule) == ("effective_from", "effective_from_order")


def test_revision_needs_a_reason() -> None:
    policy = adopted()

    error = refused(policy, lambda: policy.revise({}, date(2023, 1, 1), " "), RuleViolationError)

    assert error.rule == "reason_required"


def test_version_in_force_on_a_date_is_the_latest_effective_by_then() -> None:
    policy = adopted()
    policy.revise({"retention_pct": 25}, date(2023, 1, 1), "预留绩效")

    assert policy.version_as_of(date(2022, 12, 31))[0] == 1
    number, params = policy.version_as_of(date(2023, 1, 1))
    assert number == 2 and params.retention_pct == 25
    assert policy.parameters_of(1).retention_pct == 0


def test_no_version_is_in_force_before_the_first() -> None:
    with pytest.raises(NotFoundError):
        adopted().version_as_of(date(2021, 12, 31))


def test_replay_rebuilds_the_same_policy() -> None:
    policy = adopted(coefficients={"excellent": "1.3"})
    policy.revise({"retention_pct": 25}, date(2023, 1, 1), "预留绩效")
    expected = state(policy)

    assert state(replayed(policy)) == expected
