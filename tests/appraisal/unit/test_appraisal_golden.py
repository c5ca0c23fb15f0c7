"""The golden scenario's appraisal figures, reproduced through the pure domain functions alone.

Each year's KPI sheet is built as the contract service builds it (`kpis_for_year` + `validate_sheet`), the
policy dict as it records it (`PolicyParameters.from_dict(...).to_dict()`), and every number is parsed
exactly. Then: score each sheet, grade each year's group, evaluate the triggers against the earlier years,
appraise each tenure; every figure of golden-1.expected.json the appraisal owns must match.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from services.appraisal_svc.domain import (
    YearResult,
    appraise_tenure,
    evaluate_triggers,
    propose_grades,
    score_sheet,
)
from services.contract_svc.domain import PolicyParameters, kpis_for_year, validate_sheet

# /work/main is the repository; the scenarios sit beside it, in /work/shared.
from tests.scenarios import SCENARIOS
YEAR_FIGURES = ("kpis", "total", "grade", "vetoed", "main_kpi_below_floor", "exit_triggers", "warnings")
TENURE_FIGURES = ("tenure_score", "tenure_grade", "tenure_coefficient")


def _load(name: str) -> Any:
    with (SCENARIOS / name).open(encoding="utf-8") as file:
        return json.load(file, parse_float=Decimal)


@cache
def report() -> dict[str, Any]:
    """The appraisal part of the expected report, computed from the scenario."""
    scenario = _load("golden-1.json")
    params = PolicyParameters.from_dict(scenario["policy"])
    policy = params.to_dict()
    years = sorted({int(year) for manager in scenario["managers"] for year in manager["actuals"]})
    history: dict[str, list[YearResult]] = {}
    out: dict[str, Any] = {"years": {}, "managers": {}}
    for year in years:
        scores = {}
        for manager in scenario["managers"]:
            sheet = validate_sheet(kpis_for_year(manager["kpis"], year), params)
            ratings = {code: [rating] for code, rating in manager["ratings"].get(str(year), {}).items()}
            scores[manager["code"]] = score_sheet(sheet, manager["actuals"][str(year)], ratings, policy)
        distribution = propose_grades([(code, s.total, s.vetoed) for code, s in scores.items()], policy)
        out["years"][str(year)] = {}
        for code, annual in scores.items():
            current = YearResult.from_proposal(year, distribution.of(code))
            triggers = evaluate_triggers(current, annual, history.get(code, []), policy)
            history.setdefault(code, []).append(current)
            out["years"][str(year)][code] = {
                "kpis": {
                    s.code: {"score": str(s.score_rounded), "completion": _text(s.completion_rounded)}
                    for s in annual.kpis
                },
                "total": str(annual.total),
                "grade": current.grade,
                "vetoed": annual.vetoed,
                "main_kpi_below_floor": annual.main_kpi_below_floor,
                "exit_triggers": triggers.exit_trigger_kinds,
                "warnings": triggers.warning_kinds,
            }
    for code, results in history.items():
        tenure = appraise_tenure({r.year: r.total for r in results}, policy)
        out["managers"][code] = {
            "tenure_score": str(tenure.score),
            "tenure_grade": tenure.grade,
            "tenure_coefficient": str(tenure.coefficient),
        }
    return out


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


EXPECTED = _load("golden-1.expected.json")
YEAR_CASES = [(year, code) for year, managers in EXPECTED["years"].items() for code in managers]


@pytest.mark.parametrize(("year", "code"), YEAR_CASES)
def test_golden_annual_appraisal_figures(year: str, code: str) -> None:
    expected = {key: EXPECTED["years"][year][code][key] for key in YEAR_FIGURES}

    assert report()["years"][year][code] == expected


@pytest.mark.parametrize("code", sorted(EXPECTED["managers"]))
def test_golden_tenure_appraisal_figures(code: str) -> None:
    expected = {key: EXPECTED["managers"][code][key] for key in TENURE_FIGURES}

    assert report()["managers"][code] == expected


def test_golden_scenario_covers_every_year_and_manager() -> None:
    assert set(report()["years"]) == set(EXPECTED["years"])
    assert all(set(report()["years"][y]) == set(EXPECTED["years"][y]) for y in EXPECTED["years"])
