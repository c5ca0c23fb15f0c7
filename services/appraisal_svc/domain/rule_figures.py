"""The figures each scoring rule reports for one KPI: target(s), completion, gap, parameters, score."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from shared.domain.parameters import PolicyParameters
from shared.errors import InvalidInputError

from . import rules
from .figures import ZERO, figure
from .kpi_score import PERCENTAGE_POINTS, POLICY, RELATIVE_PCT, SHEET
from .sheet_checks import pass_fail_target, rated_inputs, ratio_target, tier_targets

Kpi = Mapping[str, Any]
Figures = dict[str, Any]


def linear(kpi: Kpi, code: str, weight: Decimal, direction: str, actual: Decimal, p: PolicyParameters) -> Figures:
    target = ratio_target(kpi, code, direction, actual)
    cap, cap_source = _parameter(kpi, "cap", p.linear_cap, code)
    return {
        "target": target,
        "completion": rules.completion(actual, target, direction),
        "cap": cap,
        "cap_source": cap_source,
        "met": rules.reached(actual, target, direction),
        "score": rules.linear(weight, actual, target, direction, cap),
        "note": _unbounded_note(actual, direction),
    }


def deduct(kpi: Kpi, code: str, weight: Decimal, direction: str, actual: Decimal, p: PolicyParameters) -> Figures:
    target = ratio_target(kpi, code, direction, actual)
    percent = _is_percent(kpi)
    step_penalty = _step_and_penalty(kpi, code, p)
    return {
        "target": target,
        "completion": rules.completion(actual, target, direction),
        "gap": rules.gap(actual, target, direction, percent),
        "gap_basis": PERCENTAGE_POINTS if percent else RELATIVE_PCT,
        **step_penalty,
        "met": rules.reached(actual, target, direction),
        "score": rules.deduct(
            weight, actual, target, direction, percent, step_penalty["step"], step_penalty["penalty"]
        ),
        "note": _unbounded_note(actual, direction),
    }


def tiered(kpi: Kpi, code: str, weight: Decimal, direction: str, actual: Decimal, p: PolicyParameters) -> Figures:
    tiers = tier_targets(kpi, code, direction, actual)
    basic, striving, _ = tiers
    percent = _is_percent(kpi)
    step_penalty = _step_and_penalty(kpi, code, p)
    score, band = rules.tiered(weight, actual, tiers, direction, percent, step_penalty["step"], step_penalty["penalty"])
    below_basic = band == "below_basic"
    return {
        "tiers": MappingProxyType(dict(zip(("basic", "striving", "challenge"), tiers, strict=True))),
        "completion": rules.completion(actual, striving, direction),
        "tier": band,
        # The deduct gap only applies below basic, where it is measured against the basic target.
        "gap": rules.gap(actual, basic, direction, percent) if below_basic else None,
        "gap_basis": (PERCENTAGE_POINTS if percent else RELATIVE_PCT) if below_basic else None,
        **step_penalty,
        "met": rules.reached(actual, striving, direction),
        "score": score,
        "note": _unbounded_note(actual, direction),
    }


def pass_fail(kpi: Kpi, code: str, weight: Decimal, direction: str, actual: Decimal, _: PolicyParameters) -> Figures:
    target = pass_fail_target(kpi, code)
    met = rules.reached(actual, target, direction)
    return {"target": target, "met": met, "score": weight if met else ZERO}


def rated(kpi: Kpi, code: str, weight: Decimal, veto: bool, actual: Any, rating: Any) -> Figures:
    ratings, veto_below = rated_inputs(kpi, code, veto, actual, rating)
    mean = sum(ratings, ZERO) / len(ratings)
    met = None if veto_below is None else mean >= veto_below
    return {
        "ratings": ratings,
        "rating": mean,
        "veto_below": veto_below,
        "met": met,
        "vetoed": veto and met is False,
        "score": rules.rated(weight, ratings),
    }


def _step_and_penalty(kpi: Kpi, code: str, p: PolicyParameters) -> Figures:
    step, step_source = _parameter(kpi, "step", p.deduct_step, code)
    penalty, penalty_source = _parameter(kpi, "penalty", p.deduct_penalty, code)
    return {"step": step, "step_source": step_source, "penalty": penalty, "penalty_source": penalty_source}


def _parameter(kpi: Kpi, key: str, default: Decimal, code: str) -> tuple[Decimal, str]:
    """The KPI's own cap, step or penalty if its sheet carries one, else the policy's."""
    if kpi.get(key) is None:
        return default, POLICY
    value = figure(kpi[key], f"kpis.{code}.{key}")
    if value <= 0:
        raise InvalidInputError(
            f"KPI {code!r} {key} must be greater than 0", field=f"kpis.{code}.{key}", rule="positive"
        )
    return value, SHEET


def _is_percent(kpi: Kpi) -> bool:
    return str(kpi.get("unit") or "").strip() == "%"


def _unbounded_note(actual: Decimal, direction: str) -> str | None:
    if direction == "lower" and actual == 0:
        return "an actual of 0 beats any positive target of a lower-is-better KPI: completion unbounded"
    return None
