"""Rules of a whole KPI sheet (DOMAIN.md "KPI sheets"), and the split of multi-year targets into years."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError

from shared.domain.kpi import Kpi, parse_kpi
from shared.domain.parameters import PolicyParameters


def validate_sheet(kpis: list[dict[str, Any]], params: PolicyParameters) -> list[dict[str, Any]]:
    """The sheet checked against DOMAIN.md and `params`, as normalised KPI dicts fit for an event."""
    if not isinstance(kpis, list) or not kpis:
        raise RuleViolationError("a KPI sheet needs at least one KPI", field="kpis", rule="at_least_one_kpi")
    sheet = [parse_kpi(raw, index, params) for index, raw in enumerate(kpis)]
    seen: set[str] = set()
    for index, kpi in enumerate(sheet):
        if kpi["code"] in seen:
            raise RuleViolationError(
                f"KPI code {kpi['code']!r} appears twice", field=f"kpis.{index}.code", rule="unique_kpi_codes"
            )
        seen.add(kpi["code"])
    total = sum(kpi["weight"] for kpi in sheet)
    if total != 100:
        raise RuleViolationError(
            f"the weights of a sheet sum to exactly 100; these sum to {total}",
            field="kpis",
            rule="weights_sum_to_100",
        )
    quantitative = sum(kpi["weight"] for kpi in sheet if kpi["rule"] != "rated")
    if quantitative < params.min_quantitative_weight:
        raise RuleViolationError(
            f"quantitative KPIs weigh {quantitative}; the policy requires at least {params.min_quantitative_weight}",
            field="kpis",
            rule="min_quantitative_weight",
        )
    return sheet


def sheet_of(kpis: list[Mapping[str, Any]]) -> tuple[Kpi, ...]:
    """Value objects from normalised dicts recorded in an event."""
    return tuple(Kpi.from_normalised(kpi) for kpi in kpis)


def kpis_for_year(kpis: list[Mapping[str, Any]], year: int) -> list[dict[str, Any]]:
    """A scenario's KPIs with `targets` {year: value} as one year's sheet, with `target` or `tiers`."""
    sheet = []
    for index, raw in enumerate(kpis):
        kpi = {key: value for key, value in raw.items() if key != "targets"}
        targets = raw.get("targets")
        if targets is not None:
            if not isinstance(targets, Mapping) or (str(year) not in targets and year not in targets):
                raise InvalidInputError(
                    f"KPI {raw.get('code')!r} has no target for {year}",
                    field=f"kpis.{index}.targets",
                    rule="target_for_year",
                )
            value = targets[str(year)] if str(year) in targets else targets[year]
            kpi["tiers" if raw.get("rule") == "tiered" else "target"] = value
        sheet.append(kpi)
    return sheet
