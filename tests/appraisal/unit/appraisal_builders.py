"""Builders of KPIs in the contract service's normalised shape, and of annual scores, for the unit tests."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from services.appraisal_svc.domain import AnnualScore, KpiScore, score_kpi, score_sheet
from services.contract_svc.domain import PolicyParameters
from shared.domain.kpi import parse_kpi
from shared.errors import TenureSystemError

D = Decimal
POLICY: dict[str, Any] = PolicyParameters().to_dict()


def kpi(**overrides: Any) -> dict[str, Any]:
    """A linear, higher-is-better revenue KPI of weight 30 and target 10000, normalised by the contract service."""
    raw = {"code": "revenue", "name": "营业收入", "weight": 30, "rule": "linear", "direction": "higher",
           "unit": "万元", "target": "10000", **overrides}  # fmt: skip
    return parse_kpi(raw, 0, PolicyParameters())


def deduct_kpi(**overrides: Any) -> dict[str, Any]:
    """A deduct profit KPI of weight 30, target 1200, policy step 1 and penalty 10."""
    return kpi(**{"code": "profit", "name": "利润总额", "rule": "deduct", "target": "1200", **overrides})


def cost_rate_kpi(**overrides: Any) -> dict[str, Any]:
    """The golden cost rate: deduct, lower is better, unit %, step 2, weight 20, target 35.0."""
    values = {"code": "cost_rate", "name": "成本费用率", "weight": 20, "rule": "deduct", "direction": "lower",
              "unit": "%", "step": 2, "target": "35.0", **overrides}  # fmt: skip
    return kpi(**values)


def tiered_kpi(**overrides: Any) -> dict[str, Any]:
    """A tiered KPI of weight 20: basic 90, striving 100, challenge 110."""
    values = {"code": "output", "name": "产量", "weight": 20, "rule": "tiered", "target": None,
              "tiers": {"basic": "90", "striving": "100", "challenge": "110"}, **overrides}  # fmt: skip
    return kpi(**values)


def pass_fail_kpi(**overrides: Any) -> dict[str, Any]:
    """A pass/fail KPI of weight 10: no more than 0 serious accidents."""
    values = {"code": "safety", "name": "安全事故", "weight": 10, "rule": "pass_fail", "direction": "lower",
              "unit": "起", "target": "0", **overrides}  # fmt: skip
    return kpi(**values)


def rated_kpi(**overrides: Any) -> dict[str, Any]:
    """The golden party-building KPI: rated, weight 20, veto below a mean rating of 60."""
    values = {"code": "party", "name": "党建考核", "weight": 20, "rule": "rated", "veto_below": 60, **overrides}
    return parse_kpi(values, 0, PolicyParameters())


def score(kpi_: Mapping[str, Any], actual: Any = None, rating: Any = None, params: Any = None) -> KpiScore:
    """score_kpi with string figures turned into Decimals and the default policy."""
    return score_kpi(kpi_, None if actual is None else D(actual), rating, POLICY if params is None else params)


def annual_of(total: str, *, main: bool = False, policy: Any = None) -> AnnualScore:
    """An annual score whose total is `total` (at most 120): one linear KPI of weight 100 and target 100,
    flagged main if asked, so that its completion is total / 100."""
    sheet = [kpi(code="revenue", weight=100, target="100", main=main)]
    return score_sheet(sheet, {"revenue": D(total)}, {}, POLICY if policy is None else policy)


def refused(call: Any, *args: Any, **kwargs: Any) -> tuple[str | None, str | None]:
    """(field, rule) of the error the call raises."""
    with pytest.raises(TenureSystemError) as raised:
        call(*args, **kwargs)
    return raised.value.field, raised.value.rule
