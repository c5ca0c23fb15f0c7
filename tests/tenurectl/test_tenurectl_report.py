"""The report is built from the managers' tenure records only, in the shape of a scenario's expected file."""

from __future__ import annotations

import json
from typing import Any

from tenurectl.report import Sources, build_report, render
from tests.tenurectl.tenurectl_samples import TENURE_DGM, TENURE_GM, member, small_scenario

TENURE_IDS = {"G1": TENURE_GM, "D1": TENURE_DGM}
PAY_YEAR_KEYS = {"base_paid", "performance_target", "performance_pay", "retained", "performance_paid_now"}
YEAR_2023_G1 = ("kpis", "total", "grade", "vetoed", "main_kpi_below_floor", "exit_triggers", "warnings", "appraised")


def records(pay: dict[str, Any] | None = None, warnings: tuple[str, ...] = ("consecutive_basic",)) -> dict[str, Any]:
    """G1's and D1's tenure records, as the contract service assembles them, with the appraisal's figures."""
    kpis = [
        {"code": "party", "score": "26.55", "completion": None, "rule": "rated"},
        {"code": "profit", "score": "70.00", "completion": "1.0001", "rule": "tiered"},
    ]
    triggers = [{"kind": "score_below_floor", "consequence": "exit_proposed"}]
    g1 = member(TENURE_GM, "G1", "96.55", "excellent", kpis=kpis, warnings=[{"kind": k} for k in warnings])
    d1 = member(TENURE_DGM, "D1", "61.00", "unqualified", exit_triggers=triggers)
    other = {"tenure_id": "33333333-3333-3333-3333-333333333333", "years": [], "tenure_appraisal": None}
    return {
        "G1": {"tenures": [other, {
            "tenure_id": TENURE_GM.upper(),  # any spelling of the id
            "years": [{"year": 2023, "appraisal": {"status": "final", "member": g1}}, {"year": 2024, "appraisal": None}],
            "tenure_appraisal": {"tenure_score": "90.10", "tenure_grade": "qualified", "tenure_coefficient": "x"},
            "pay_account": pay,
        }]},
        "D1": {"tenures": [{
            "tenure_id": TENURE_DGM,
            "years": [{"year": 2023, "appraisal": {"status": "final", "member": d1}}],
            "tenure_appraisal": {"tenure_score": "61.00", "tenure_grade": "unqualified"},
            "pay_account": None,
        }]},
    }


def test_every_figure_comes_from_the_records_as_given_in_the_scenarios_order() -> None:
    report = build_report(Sources(small_scenario(), TENURE_IDS, records()))

    assert list(report) == ["managers", "years"]
    assert report["managers"] == {
        "G1": {"tenure_score": "90.10", "tenure_grade": "qualified"},
        "D1": {"tenure_score": "61.00", "tenure_grade": "unqualified"},
    }
    assert list(report["years"]) == ["2023", "2024", "2025"] and list(report["years"]["2023"]) == ["G1", "D1"]
    assert report["years"]["2023"]["G1"] == {
        "kpis": {"profit": {"score": "70.00", "completion": "1.0001"}, "party": {"score": "26.55", "completion": None}},
        "total": "96.55",
        "grade": "excellent",
        "vetoed": False,
        "main_kpi_below_floor": False,
        "exit_triggers": [],
        "warnings": ["consecutive_basic"],
        "appraised": True,
    }
    assert list(report["years"]["2023"]["G1"]["kpis"]) == ["profit", "party"], "KPIs in the scenario's order"
    assert report["years"]["2023"]["D1"]["exit_triggers"] == ["score_below_floor"]


def test_the_reported_warnings_are_the_formats_basic_years_in_a_row_not_basic_twice_within_the_tenure() -> None:
    report = build_report(Sources(small_scenario(), TENURE_IDS, records(warnings=("basic_in_tenure",))))

    assert report["years"]["2023"]["G1"]["warnings"] == []


def test_years_and_figures_the_records_do_not_hold_are_left_out() -> None:
    with_appraisal = build_report(Sources(small_scenario(), TENURE_IDS, records()))
    contract_only = build_report(Sources(small_scenario(), TENURE_IDS, {code: {"tenures": []} for code in TENURE_IDS}))

    assert with_appraisal["years"]["2024"] == {"G1": {}, "D1": {}}
    assert contract_only == {
        "managers": {"G1": {}, "D1": {}},
        "years": {"2023": {"G1": {}, "D1": {}}, "2024": {"G1": {}, "D1": {}}, "2025": {"G1": {}, "D1": {}}},
    }


def test_the_rendered_report_is_json_that_keeps_chinese_text_and_null_completions() -> None:
    report = {"managers": {"G1": {"tenure_grade": "合格"}}, "years": {"2023": {"G1": {"completion": None}}}}

    text = render(report)

    assert "合格" in text and json.loads(text) == report


def pay_account() -> dict[str, Any]:
    """G1's account as payroll answers it: base by the month (one 2023 month paid late, on a later payslip)."""
    base = [
        {"kind": "base", "amount": "25000.00", "period": period, "for_period": for_period}
        for period, for_period in [("2023-07", "2023-07"), ("2023-09", "2023-08"), ("2023-09", "2023-09"),
                                   ("2024-01", "2024-01")]
    ]  # fmt: skip
    other = [
        {"kind": "performance", "amount": "450000.00", "period": "2024-03", "for_period": "2023"},
        {"kind": "tenure_incentive", "amount": "1234.56", "period": "2025-03", "for_period": "tenure"},
    ]
    settlement = {"performance_target": "225000.00", "performance_pay": "337500.00", "retained": "0.00",
                  "performance_paid_now": "337500.00", "grade": "excellent", "rate": "1.5"}  # fmt: skip
    tenure = {"tenure_coefficient": "0.8100", "tenure_incentive": "1234.56", "retained_released": "0.00", "x": 1}
    return {"lines": base + other, "settlements": {"2023": settlement}, "tenure_settlement": tenure}


def test_pay_figures_are_the_accounts_settlements_and_the_base_lines_paid_for_each_year() -> None:
    report = build_report(Sources(small_scenario(), TENURE_IDS, records(pay=pay_account())))

    g1_2023 = report["years"]["2023"]["G1"]
    assert {key: g1_2023[key] for key in PAY_YEAR_KEYS} == {
        "base_paid": "75000.00",  # by the period paid for: the August line on September's payslip counts for 2023
        "performance_target": "225000.00",
        "performance_pay": "337500.00",
        "retained": "0.00",
        "performance_paid_now": "337500.00",
    }
    assert g1_2023["grade"] == "excellent" and set(g1_2023) == PAY_YEAR_KEYS | set(YEAR_2023_G1), "merged, nothing else"
    assert report["years"]["2024"]["G1"] == {"base_paid": "25000.00"}, "no settlement yet: no performance figures"
    assert report["years"]["2025"]["G1"] == {"base_paid": "0.00"}
    assert report["managers"]["G1"] == {
        "tenure_score": "90.10",
        "tenure_grade": "qualified",
        "tenure_coefficient": "0.8100",
        "tenure_incentive": "1234.56",
        "retained_released": "0.00",
    }
    assert report["managers"]["D1"] == {"tenure_score": "61.00", "tenure_grade": "unqualified"}, "D1 has no account"
