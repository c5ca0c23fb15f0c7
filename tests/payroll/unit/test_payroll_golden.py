"""The golden scenario's pay figures, reproduced through the pure pay functions alone.

Inputs: the scenario (tenure, policy, each manager's level and pay plan) and, standing in for the appraisal
service that reports them in production, the expected file's own annual totals and grades and tenure grades.
Every pay figure of golden-1.expected.json must match: per year and manager the base paid, the performance
target, pay, retained part and part paid now; per manager the tenure coefficient, incentive and released pay.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from shared.domain.parameters import PolicyParameters
from services.payroll_svc.domain import base_for_year, check_pay_plan, settle_performance, settle_tenure, year_fraction

# /work/main is the repository; the scenarios sit beside it, in /work/shared.
from tests.payroll.unit.payroll_builders import appraised as tenure_appraisal
from tests.scenarios import SCENARIOS
YEAR_FIGURES = ("base_paid", "performance_target", "performance_pay", "retained", "performance_paid_now")
TENURE_FIGURES = ("tenure_coefficient", "tenure_incentive", "retained_released")


def _load(name: str) -> Any:
    with (SCENARIOS / name).open(encoding="utf-8") as file:
        return json.load(file, parse_float=Decimal)


SCENARIO = _load("golden-1.json")
EXPECTED = _load("golden-1.expected.json")


@cache
def report() -> dict[str, Any]:
    """The pay part of the expected report, computed from the scenario and the appraisal's results."""
    policy = PolicyParameters.from_dict(SCENARIO["policy"]).to_dict()
    start, end = (date.fromisoformat(SCENARIO["tenure"][key]) for key in ("start", "end"))
    years = range(start.year, end.year + 1)
    out: dict[str, Any] = {"years": {str(year): {} for year in years}, "managers": {}}
    for manager in SCENARIO["managers"]:
        code = manager["code"]
        plan = check_pay_plan(manager["pay"]["base"], manager["pay"]["performance"], manager["level"], policy)
        appraised = {year: EXPECTED["years"][str(year)][code] for year in years}
        fractions = {year: year_fraction(start, end, year) for year in years}
        retained: dict[int, Decimal] = {}
        for year in years:
            base = base_for_year(plan.base, year, start, end)
            grade, total = appraised[year]["grade"], Decimal(appraised[year]["total"])
            performance = settle_performance(plan.performance, fractions[year], grade, total, policy)
            retained[year] = performance.retained
            out["years"][str(year)][code] = {
                "base_paid": str(base.total),
                "performance_target": str(performance.performance_target),
                "performance_pay": str(performance.performance_pay),
                "retained": str(performance.retained),
                "performance_paid_now": str(performance.performance_paid_now),
            }
        tenure = settle_tenure(
            {year: plan.annual_target_pay for year in years},
            fractions,
            tenure_appraisal({year: Decimal(appraised[year]["total"]) for year in years},
                             EXPECTED["managers"][code]["tenure_grade"]),
            retained,
            policy,
        )
        out["managers"][code] = {
            "tenure_coefficient": str(tenure.tenure_coefficient),
            "tenure_incentive": str(tenure.tenure_incentive),
            "retained_released": str(tenure.retained_released),
        }
    return out


YEAR_CASES = [(year, code) for year, managers in EXPECTED["years"].items() for code in managers]


@pytest.mark.parametrize(("year", "code"), YEAR_CASES)
def test_golden_yearly_pay_figures(year: str, code: str) -> None:
    expected = {key: EXPECTED["years"][year][code][key] for key in YEAR_FIGURES}

    assert report()["years"][year][code] == expected


@pytest.mark.parametrize("code", sorted(EXPECTED["managers"]))
def test_golden_tenure_pay_figures(code: str) -> None:
    expected = {key: EXPECTED["managers"][code][key] for key in TENURE_FIGURES}

    assert report()["managers"][code] == expected


def test_golden_scenario_covers_every_year_and_manager() -> None:
    assert set(report()["years"]) == set(EXPECTED["years"])
    assert all(set(report()["years"][y]) == set(EXPECTED["years"][y]) for y in EXPECTED["years"])
    assert set(report()["managers"]) == set(EXPECTED["managers"])


def test_golden_base_months_add_up_to_the_base_paid() -> None:
    start, end = (date.fromisoformat(SCENARIO["tenure"][key]) for key in ("start", "end"))
    for manager in SCENARIO["managers"]:
        for year, managers in EXPECTED["years"].items():
            months = base_for_year(manager["pay"]["base"], int(year), start, end).months
            assert sum(line.amount for line in months) == Decimal(managers[manager["code"]]["base_paid"])
