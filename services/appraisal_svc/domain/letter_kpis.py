"""Which figure a KPI of the signed annual letter takes: an actual for a measured KPI, ratings for a rated one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.errors import RuleViolationError


def kpi_of(kpis: Sequence[dict[str, Any]], year: int, kpi_code: str) -> dict[str, Any]:
    """The KPI as the letter defines it; refused naming the letter's KPIs when it has none by that code."""
    for kpi in kpis:
        if kpi["code"] == kpi_code:
            return kpi
    codes = ", ".join(k["code"] for k in kpis)
    raise RuleViolationError(
        f"the {year} letter has no KPI {kpi_code!r}; its KPIs are {codes}", field="kpi_code", rule="known_kpi"
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
