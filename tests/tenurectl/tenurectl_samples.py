"""A small scenario and canned service answers for tenurectl's unit tests."""

from __future__ import annotations

from typing import Any

from tenurectl.scenario import Scenario, parse_scenario

from tests.scenarios import GOLDEN, GOLDEN_EXPECTED  # noqa: F401 - where the samples come from
TENURE_GM = "11111111-1111-1111-1111-111111111111"
TENURE_DGM = "22222222-2222-2222-2222-222222222222"

# Numbers written as a scenario author would: floats with trailing zeros, ints, tiers.
SCENARIO_TEXT = """{
 "name": "small", "policy": {"exit_score_floor": 65.50, "consecutive_basic_warning": 3,
                              "coefficients": {"excellent": 1.30}},
 "enterprise": {"code": "E9", "name": "测试有限公司", "category": "market"},
 "tenure": {"start": "2023-07-01", "end": "2025-06-30"},
 "managers": [
  {"code": "G1", "name": "甲", "level": "leadership", "title": "总经理", "pay": {"base": "300000", "performance": "450000"},
   "kpis": [
    {"code": "profit", "name": "利润", "weight": 70, "rule": "tiered", "direction": "higher", "unit": "万元", "main": true,
     "targets": {"2023": {"basic": 900, "striving": 1000.0, "challenge": 1100.50},
                 "2024": {"basic": 950, "striving": 1050, "challenge": 1150},
                 "2025": {"basic": 1000, "striving": 1100, "challenge": 1200}}},
    {"code": "party", "name": "党建", "weight": 30, "rule": "rated", "veto_below": 60}],
   "actuals": {"2023": {"profit": 1000.10}}, "ratings": {"2023": {"party": 88.5}}},
  {"code": "D1", "name": "乙", "level": "leadership", "pay": {"base": "250000", "performance": "375000"},
   "kpis": [
    {"code": "cost_rate", "name": "成本费用率(%)", "weight": 100, "rule": "deduct", "direction": "lower", "unit": "%",
     "step": 2, "targets": {"2023": 35.0, "2024": 34.0, "2025": 33.0}}],
   "actuals": {"2023": {"cost_rate": 34.50}}}
 ]
}"""


def small_scenario() -> Scenario:
    return parse_scenario(SCENARIO_TEXT)


def member(tenure_id: str | None, code: str, total: str, grade: str, **extra: Any) -> dict[str, Any]:
    """One member of an appraisal group as the appraisal service answers it, with fields tenurectl ignores."""
    return {
        "tenure_id": tenure_id,
        "manager_id": "33333333-3333-3333-3333-333333333333",
        "manager_code": code,
        "manager_name": "甲",
        "total": total,
        "grade": grade,
        "vetoed": False,
        "main_kpi_below_floor": False,
        "exit_triggers": [],
        "warnings": [],
        "kpis": [],
        "inputs": {"ignored": True},
        **extra,
    }
