"""How tenurectl turns a scenario into the requests the group ERP sends: no service is needed."""

from __future__ import annotations

from datetime import date

import pytest

from tenurectl import bodies
from tenurectl.appraisal import actual_bodies, rating_bodies, schedule
from tenurectl.contract import ManagerRecord
from tenurectl.scenario import ScenarioError, parse_scenario
from tests.tenurectl.tenurectl_samples import SCENARIO_TEXT, TENURE_DGM, TENURE_GM, small_scenario


def test_a_years_sheet_carries_that_years_target_with_every_number_as_written_in_a_string() -> None:
    deputy = small_scenario().manager("D1")

    sheet = bodies.kpi_sheet(deputy, 2024)

    assert sheet == [
        {"code": "cost_rate", "name": "成本费用率(%)", "weight": "100", "rule": "deduct", "direction": "lower",
         "unit": "%", "step": "2", "target": "34.0"}
    ]  # fmt: skip


def test_a_tiered_kpi_carries_the_years_three_tiers_exactly_and_a_rated_kpi_its_veto_threshold() -> None:
    general_manager = small_scenario().manager("G1")

    profit, party = bodies.kpi_sheet(general_manager, 2023)

    assert profit["tiers"] == {"basic": "900", "striving": "1000.0", "challenge": "1100.50"}
    assert "target" not in profit and "targets" not in profit and profit["main"] is True
    assert party == {"code": "party", "name": "党建", "weight": "30", "rule": "rated", "veto_below": "60"}


def test_a_year_of_the_tenure_without_a_target_is_refused_before_any_request() -> None:
    scenario = parse_scenario(SCENARIO_TEXT.replace('"2025": 33.0', '"2026": 33.0'))

    with pytest.raises(ScenarioError, match="D1: KPI cost_rate has no target for 2025"):
        bodies.letter_bodies(scenario, scenario.manager("D1"))


def test_every_year_the_tenure_touches_gets_an_annual_letter_then_the_tenure_letter_has_no_sheet() -> None:
    scenario = small_scenario()

    letters = bodies.letter_bodies(scenario, scenario.manager("D1"))

    assert [(letter["kind"], letter.get("year"), letter["issued_on"]) for letter in letters] == [
        ("annual", 2023, "2023-07-01"),
        ("annual", 2024, "2024-01-01"),
        ("annual", 2025, "2025-01-01"),
        ("tenure", None, "2023-07-01"),
    ]
    assert letters[-1]["kpis"] == []


def test_policy_overrides_send_decimals_as_strings_and_keep_counts_as_integers() -> None:
    policy = bodies.policy_body(small_scenario())

    assert policy["category"] == "market" and policy["effective_from"] == "2023-01-01"
    assert policy["parameters"] == {
        "exit_score_floor": "65.50",
        "consecutive_basic_warning": 3,
        "coefficients": {"excellent": "1.30"},
    }


def test_the_first_leadership_manager_is_the_general_manager_and_the_next_a_deputy() -> None:
    managers = bodies.manager_bodies(small_scenario(), "e-1")

    assert [(m["code"], m["position"]) for m in managers] == [
        ("G1", "general_manager"),
        ("D1", "deputy_general_manager"),
    ]
    assert managers[0]["title"] == "总经理" and "title" not in managers[1]
    assert bodies.position_of("middle", 0) == "middle_manager"
    assert bodies.position_of("professional", 0) == "professional_manager"


def test_the_agreement_carries_the_pay_plan_and_is_signed_by_the_chairman_and_the_manager_before_the_start() -> None:
    scenario = small_scenario()
    manager = scenario.manager("G1")

    opening = bodies.tenure_body(scenario, manager, "m-1")
    steps = {action: body for action, body in bodies.agreement_steps(scenario, manager) if action != "signatures"}
    signers = [
        body["signer_name"] for action, body in bodies.agreement_steps(scenario, manager) if action == "signatures"
    ]

    assert opening["agreement"]["pay"] == {"base": "300000", "performance": "450000"}
    assert (opening["start"], opening["end"]) == ("2023-07-01", "2025-06-30")
    assert steps["approval"]["approved_on"] == "2023-06-21" and steps["activation"] == {"on": "2023-07-01"}
    assert signers == [bodies.CHAIRMAN, "甲"]
    assert {g["scope"] for g in bodies.grant_bodies(scenario)} == {"general_manager", "other_managers"}


def test_actuals_go_audited_from_the_erp_and_ratings_from_one_evaluator_as_strings() -> None:
    scenario = small_scenario()
    general_manager = ManagerRecord("G1", "m-1", TENURE_GM, ())
    deputy = ManagerRecord("D1", "m-2", TENURE_DGM, ())

    assert actual_bodies(scenario, general_manager, 2023) == [
        {
            "tenure_id": TENURE_GM,
            "year": 2023,
            "kpi_code": "profit",
            "value": "1000.10",
            "audited": True,
            "source": "erp",
        }
    ]
    assert actual_bodies(scenario, deputy, 2024) == []
    [rating] = rating_bodies(scenario, general_manager, 2023)
    assert rating == {
        "tenure_id": TENURE_GM,
        "year": 2023,
        "kpi_code": "party",
        "evaluator": "考核委员会",
        "rating": "88.5",
    }


def test_a_year_is_final_on_march_first_unless_the_objection_window_runs_later() -> None:
    assert schedule(2022, 15) == schedule(2022, 0)
    assert schedule(2022, 15).final_on == date(2023, 3, 1)
    assert schedule(2022, 40).final_on == date(2023, 3, 7)
    assert schedule(2022, 15).closed_on < schedule(2022, 15).decided_on
