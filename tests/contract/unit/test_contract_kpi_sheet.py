"""KPI sheets (DOMAIN.md "KPI sheets" and "Scoring rules"): what a sheet must hold before anyone signs it."""

import json
from decimal import Decimal

import pytest

from services.contract_svc.domain import PolicyParameters, kpis_for_year, validate_sheet
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, kpi, sheet

# The scenarios sit beside the repository, in the shared folder of the workspace.
from tests.scenarios import GOLDEN


def refusal(kpis: list[dict[str, object]], params: PolicyParameters = DEFAULTS) -> tuple[str | None, str | None]:
    with pytest.raises((RuleViolationError, InvalidInputError)) as raised:
        validate_sheet(kpis, params)
    return raised.value.field, raised.value.rule


def test_valid_sheet_is_normalised_to_decimals_with_every_key() -> None:
    kpis = validate_sheet(sheet(), DEFAULTS)

    assert [k["weight"] for k in kpis] == [30, 30, 20, 20] and isinstance(kpis[0]["weight"], Decimal)
    assert kpis[2]["target"] == Decimal("35.0") and kpis[3]["target"] is None
    assert all(set(k) == set(kpis[0]) for k in kpis)


def test_sheet_weights_must_sum_to_100() -> None:
    kpis = sheet()
    kpis[0]["weight"] = 25

    assert refusal(kpis) == ("kpis", "weights_sum_to_100")


def test_sheet_needs_at_least_one_kpi() -> None:
    assert refusal([]) == ("kpis", "at_least_one_kpi")


def test_kpi_codes_are_unique_in_a_sheet() -> None:
    kpis = sheet()
    kpis[1]["code"] = "revenue"

    assert refusal(kpis) == ("kpis.1.code", "unique_kpi_codes")


def test_quantitative_kpis_weigh_at_least_the_policy_minimum() -> None:
    kpis = [kpi(weight=60), {"code": "party", "name": "党建", "weight": 40, "rule": "rated"}]

    assert refusal(kpis) == ("kpis", "min_quantitative_weight")
    assert validate_sheet(kpis, PolicyParameters.from_dict({"min_quantitative_weight": 60}))


def test_weight_must_be_positive() -> None:
    kpis = sheet()
    kpis[2]["weight"] = 0

    assert refusal(kpis) == ("kpis.2.weight", "positive_weight")


def test_figures_given_as_floats_are_refused() -> None:
    kpis = sheet()
    kpis[2]["target"] = 35.0

    assert refusal(kpis) == ("kpis.2.target", "decimal")


def test_scoring_rule_must_be_known() -> None:
    kpis = sheet()
    kpis[0]["rule"] = "exponential"

    assert refusal(kpis) == ("kpis.0.rule", "known_scoring_rule")


def test_unknown_kpi_attribute_is_refused() -> None:
    kpis = sheet()
    kpis[0]["targets"] = {"2022": 100}

    assert refusal(kpis) == ("kpis.0.targets", "known_kpi_key")


def test_linear_and_deduct_kpis_need_a_non_zero_target() -> None:
    for rule in ("linear", "deduct"):
        assert refusal([kpi(rule=rule, weight=100, target="0")]) == ("kpis.0.target", "non_zero_target")
        assert refusal([kpi(rule=rule, weight=100, target=None)]) == ("kpis.0.target", "target_required")


def test_pass_fail_kpi_may_target_zero() -> None:
    (accidents,) = validate_sheet([kpi(rule="pass_fail", direction="lower", weight=100, target=0)], DEFAULTS)

    assert accidents["target"] == 0


def test_rated_kpi_has_no_target() -> None:
    rated = {"code": "party", "name": "党建", "weight": 20, "rule": "rated", "target": "90"}

    assert refusal([kpi(weight=80), rated]) == ("kpis.1.target", "attribute_applies_to_rule")


def test_tiered_kpi_needs_basic_striving_and_challenge() -> None:
    assert refusal([kpi(rule="tiered", weight=100, target=None, tiers={"basic": 1})]) == (
        "kpis.0.tiers",
        "tiers_required",
    )


def test_tiers_run_in_the_direction_of_the_kpi() -> None:
    rising = {"basic": "90", "striving": "100", "challenge": "110"}
    falling = {"basic": "110", "striving": "100", "challenge": "90"}

    assert validate_sheet([kpi(rule="tiered", weight=100, target=None, tiers=rising)], DEFAULTS)
    assert validate_sheet([kpi(rule="tiered", direction="lower", weight=100, target=None, tiers=falling)], DEFAULTS)
    assert refusal([kpi(rule="tiered", weight=100, target=None, tiers=falling)]) == ("kpis.0.tiers", "tiers_ordered")


def test_rule_parameters_default_to_the_policy() -> None:
    params = PolicyParameters.from_dict({"linear_cap": "1.3", "deduct_step": 2})
    linear, deduct, *_ = validate_sheet(sheet(), params)

    assert linear["cap"] == Decimal("1.3") and linear["step"] is None
    assert (deduct["step"], deduct["penalty"]) == (2, 10)


def test_kpi_overrides_of_rule_parameters_are_kept() -> None:
    cost_rate = validate_sheet(sheet(), DEFAULTS)[2]

    assert cost_rate["step"] == 2


def test_rule_parameter_of_another_rule_is_refused() -> None:
    kpis = sheet()
    kpis[1]["cap"] = "1.5"

    assert refusal(kpis) == ("kpis.1.cap", "attribute_applies_to_rule")


def test_linear_cap_is_at_least_one() -> None:
    kpis = sheet()
    kpis[0]["cap"] = "0.9"

    assert refusal(kpis) == ("kpis.0.cap", "cap_at_least_1")


def test_veto_threshold_makes_a_rated_kpi_a_veto() -> None:
    party = validate_sheet(sheet(), DEFAULTS)[3]

    assert party["veto"] is True and party["veto_below"] == 60 and party["direction"] is None


def test_rated_veto_kpi_needs_its_threshold() -> None:
    kpis = sheet()
    kpis[3] = {"code": "party", "name": "党建", "weight": 20, "rule": "rated", "veto": True}

    assert refusal(kpis) == ("kpis.3.veto_below", "veto_below_with_veto")


def test_veto_threshold_is_a_rating_between_0_and_100() -> None:
    kpis = sheet()
    kpis[3]["veto_below"] = 120

    assert refusal(kpis) == ("kpis.3.veto_below", "rating_range")


@pytest.mark.skipif(not GOLDEN.exists(), reason="the golden scenario is not beside the repository")
def test_scenario_targets_by_year_become_each_year_sheet() -> None:
    scenario = json.loads(GOLDEN.read_text(encoding="utf-8"), parse_float=Decimal)

    for manager in scenario["managers"]:
        for year in (2022, 2023, 2024):
            kpis = validate_sheet(kpis_for_year(manager["kpis"], year), DEFAULTS)
            assert kpis[0]["target"] == Decimal(manager["kpis"][0]["targets"][str(year)])


def test_a_year_without_a_target_is_refused() -> None:
    with pytest.raises(InvalidInputError) as raised:
        kpis_for_year([kpi(target=None, targets={"2022": 100})], 2023)

    assert (raised.value.field, raised.value.rule) == ("kpis.0.targets", "target_for_year")
