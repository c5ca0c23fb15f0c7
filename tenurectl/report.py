"""The run's report, in the shape of a scenario's expected file, read from each manager's tenure record.

The tenure record (`GET /tenure-records/{manager_id}` on the contract service) holds what all three services
recorded for a manager. Each service's figures come through one function per level: `YEAR_FIGURES` (a manager in
a year) and `MANAGER_FIGURES` (a manager over the tenure). Nothing here computes a figure, with one exception named
where it is made: a year's base paid is the sum of the account's monthly base lines of that year.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from tenurectl.scenario import Scenario

Figures = dict[str, Any]


@dataclass(frozen=True)
class Sources:
    """The scenario, the ids the contract service gave, and each manager's tenure record by code."""

    scenario: Scenario
    tenure_ids: Mapping[str, str]  # manager code → tenure id
    records: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    after_the_fact: bool = False  # the scenario had events: the report gives tenure figures as null, corrections, clawbacks

    def tenure(self, code: str) -> Mapping[str, Any]:
        """The manager's tenure of the scenario, as their record has it; empty when there is none."""
        record = self.records.get(code) or {}
        wanted = UUID(self.tenure_ids[code])
        return next((t for t in record.get("tenures", []) if UUID(str(t["tenure_id"])) == wanted), {})

    def year(self, code: str, year: int) -> Mapping[str, Any]:
        return next((y for y in self.tenure(code).get("years", []) if y["year"] == year), {})


# The warnings the scenario format reports (its README: "`warnings` (consecutive_basic)"): basic years in a row.
# The appraisal service also warns on basic twice within the tenure not in a row (`basic_in_tenure`), which the
# format has no name for; the tenure record shows it.
REPORTED_WARNINGS = frozenset({"consecutive_basic"})


def appraisal_year_figures(sources: Sources, year: int, code: str) -> Figures:
    """A manager's annual appraisal: KPI scores and completions, total, grade, veto, exit triggers, warnings, and
    `appraised` (every year appraised, as group-1000's file has it; with events, false for the year a manager left
    for cause, who then has the pay figures only)."""
    member = (sources.year(code, year).get("appraisal") or {}).get("member")
    if member is None:
        return {"appraised": False} if sources.after_the_fact and sources.year(code, year) else {}
    kpis = {kpi["code"]: {"score": kpi["score"], "completion": kpi["completion"]} for kpi in member["kpis"]}
    return {
        "kpis": _in_order(kpis, [k["code"] for k in sources.scenario.manager(code)["kpis"]]),
        "total": member["total"],
        "grade": member["grade"],
        "vetoed": member["vetoed"],
        "main_kpi_below_floor": member["main_kpi_below_floor"],
        "exit_triggers": [trigger["kind"] for trigger in member["exit_triggers"]],
        "warnings": [warning["kind"] for warning in member["warnings"] if warning["kind"] in REPORTED_WARNINGS],
        "appraised": True,
    }


def appraisal_manager_figures(sources: Sources, code: str) -> Figures:
    """A manager's tenure appraisal: score and grade."""
    answer = sources.tenure(code).get("tenure_appraisal")
    if answer is None:  # with events, a manager who left for cause has none: said so
        return {"tenure_score": None, "tenure_grade": None} if sources.after_the_fact else {}
    return {"tenure_score": answer["tenure_score"], "tenure_grade": answer["tenure_grade"]}


SETTLEMENT_FIGURES = ("performance_target", "performance_pay", "retained", "performance_paid_now")
TENURE_SETTLEMENT_FIGURES = ("tenure_coefficient", "tenure_incentive", "retained_released")
FORFEITED_BY_EXIT = {"tenure_coefficient": None, "tenure_incentive": "0.00", "retained_released": "0.00"}


def payroll_year_figures(sources: Sources, year: int, code: str) -> Figures:
    """A manager's pay in a year: the base paid for it, and the performance settlement of its final appraisal."""
    account = sources.tenure(code).get("pay_account")
    if account is None:
        return {}
    figures: Figures = {"base_paid": base_paid_for(account, year)}
    settlement = (account.get("settlements") or {}).get(str(year))
    if settlement is not None:
        figures.update({key: settlement[key] for key in SETTLEMENT_FIGURES})
    return figures


def base_paid_for(account: Mapping[str, Any], year: int) -> str:
    """The base paid for `year`: the sum of the account's `base` lines whose `for_period` lies in the year.

    The one sum tenurectl makes, because payroll pays base by the month and gives no year total by the period
    paid FOR: its yearly statement (GET /statements) totals by kind the lines PAID in the year's periods, and a
    line that lands on a later payslip (its period closed) keeps its `for_period` but not its `period`. Summing
    whole-cent Decimal amounts adds nothing to round; the result is written to the cent.
    """
    lines = [line for line in account.get("lines", []) if line["kind"] == "base"]
    in_year = [Decimal(line["amount"]) for line in lines if str(line["for_period"]).startswith(f"{year:04d}-")]
    return str(sum(in_year, Decimal("0.00")).quantize(Decimal("0.01")))


def payroll_manager_figures(sources: Sources, code: str) -> Figures:
    """A manager's tenure settlement: the tenure coefficient, the tenure incentive and the retained pay released;
    with events, the net of the corrections of performance pay and the sum clawed back."""
    account = sources.tenure(code).get("pay_account") or {}
    figures = corrections_and_clawbacks(account) if sources.after_the_fact and account else {}
    settlement = account.get("tenure_settlement")
    if settlement is None and (account.get("exit") or {}).get("for_cause"):
        return {**figures, **FORFEITED_BY_EXIT}  # no tenure settlement: nothing released, no incentive
    if settlement is None:
        return figures
    return {**figures, **{key: settlement[key] for key in TENURE_SETTLEMENT_FIGURES}}


def corrections_and_clawbacks(account: Mapping[str, Any]) -> Figures:
    """The net of the arrears and recovery lines that correct performance pay, and the sum of the clawbacks (as
    a positive figure): sums of whole-cent lines, like `base_paid_for`."""
    lines = {line["line_id"]: line for line in account.get("lines", [])}

    def corrects_performance(line: Mapping[str, Any]) -> bool:
        corrected = lines.get(line.get("corrects") or "")
        return corrected is None or corrected["kind"] == "performance"

    corrections = [Decimal(line["amount"]) for line in lines.values()
                   if line["kind"] in ("arrears", "recovery") and corrects_performance(line)]
    clawed = [-Decimal(line["amount"]) for line in lines.values() if line["kind"] == "clawback"]
    return {"pay_corrections": _cents(corrections), "clawed_back": _cents(clawed)}


def _cents(amounts: list[Decimal]) -> str:
    return str(sum(amounts, Decimal("0.00")).quantize(Decimal("0.01")))


YEAR_FIGURES: Sequence[Callable[[Sources, int, str], Figures]] = (appraisal_year_figures, payroll_year_figures)
MANAGER_FIGURES: Sequence[Callable[[Sources, str], Figures]] = (appraisal_manager_figures, payroll_manager_figures)


def build_report(sources: Sources) -> dict[str, Any]:
    """{managers: {code: figures}, years: {year: {code: figures}}}, in the scenario's order."""
    codes = sources.scenario.manager_codes
    return {
        "managers": {code: _merged(f(sources, code) for f in MANAGER_FIGURES) for code in codes},
        "years": {
            str(year): {code: _merged(f(sources, year, code) for f in YEAR_FIGURES) for code in codes}
            for year in sources.scenario.years
        },
    }


def render(report: Mapping[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1)


def _in_order(values: Mapping[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """`values` with the keys of `order` first, in that order, then any others as they came."""
    first = {key: values[key] for key in order if key in values}
    return {**first, **{key: value for key, value in values.items() if key not in first}}


def _merged(parts: Any) -> Figures:
    merged: Figures = {}
    for part in parts:
        merged.update(part)
    return merged
