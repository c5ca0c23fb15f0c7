"""Which figure a KPI of a signed letter takes: an actual for a measured KPI, ratings for a rated one; a year's
figures are checked against that year's annual letter, the tenure period's against the tenure letter's own sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError


def ledger_year(period: str, year: int | None) -> int | None:
    """The year of an annual figure, None for the tenure period's; an annual figure names its year, a tenure one none."""
    if period == "annual" and year is None:
        raise InvalidInputError("an annual figure names its year (or give period \"tenure\")", field="year",
                                rule="year_required")
    if period == "tenure" and year is not None:
        raise InvalidInputError("the tenure letter's figures cover the whole tenure: give no year", field="year",
                                rule="tenure_period_has_no_year")
    return year


def letter_name(year: int | None) -> str:
    return "the tenure letter" if year is None else f"the {year} letter"


def kpi_of(kpis: Sequence[dict[str, Any]], year: int | None, kpi_code: str) -> dict[str, Any]:
    """The KPI as the letter defines it; refused naming the letter's KPIs when it has none by that code."""
    for kpi in kpis:
        if kpi["code"] == kpi_code:
            return kpi
    codes = ", ".join(k["code"] for k in kpis)
    raise RuleViolationError(
        f"{letter_name(year)} has no KPI {kpi_code!r}; its KPIs are {codes}", field="kpi_code", rule="known_kpi"
    )


def require_measured(kpi: dict[str, Any]) -> None:
    if kpi["rule"] == "rated":
        raise RuleViolationError(
            f"KPI {kpi['code']} is rated by evaluators; post its ratings to /ratings", field="kpi_code", rule="rated_kpi"
        )


def require_rated(kpi: dict[str, Any]) -> None:
    if kpi["rule"] != "rated":
        raise RuleViolationError(
            f"KPI {kpi['code']} is measured, not rated; post its actual to /actuals", field="kpi_code", rule="measured_kpi"
        )
