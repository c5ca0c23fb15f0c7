"""Score one KPI of a normalised KPI sheet (DOMAIN.md "Scoring rules").

A KPI is the dict the contract service's `validate_sheet` produces (code, name, category, weight, rule,
direction, unit, main, veto, veto_below, cap, step, penalty, target, tiers, target_basis). A veto KPI fails
when it is not met: a rated KPI when the evaluators' mean rating is below `veto_below`; any other KPI when
its target is not reached (pass_fail: not met; linear and deduct: completion < 1; tiered: the striving
target, against which its completion is measured, is not reached).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.decimals import round_rate, round_score
from shared.domain.parameters import PolicyParameters
from shared.errors import InvalidInputError

from . import rule_figures
from .figures import figure
from .kpi_score import KpiScore

RULES = ("linear", "deduct", "tiered", "pass_fail", "rated")
DIRECTIONS = ("higher", "lower")

_SCORERS = {
    "linear": rule_figures.linear,
    "deduct": rule_figures.deduct,
    "tiered": rule_figures.tiered,
    "pass_fail": rule_figures.pass_fail,
}


def score_kpi(
    kpi: Mapping[str, Any],
    actual: Any = None,
    rating: Any = None,
    params: PolicyParameters | Mapping[str, Any] | None = None,
) -> KpiScore:
    """The KPI's score from its actual (quantitative rules) or its evaluators' rating (rated).

    `actual` is a Decimal (an int or a numeric string is taken exactly; a float is refused). `rating` is
    one Decimal 0–100 or a sequence of them, one per evaluator, whose mean is taken. `params` is the policy
    dict or `PolicyParameters`; a KPI's own cap, step and penalty win over it.
    """
    defaults = PolicyParameters.of(params)
    common = _common(kpi)
    code, rule, weight = common["code"], common["rule"], common["weight"]
    if rule == "rated":
        figures = rule_figures.rated(kpi, code, weight, common["veto"], actual, rating)
        return _finish({**common, "direction": None, **figures})
    if rating is not None:
        raise InvalidInputError(
            f"KPI {code!r} is scored on its actual, not on ratings",
            field=f"ratings.{code}",
            rule="rating_for_rated_only",
        )
    direction = _choice(kpi.get("direction") or "higher", DIRECTIONS, code, "direction", "known_direction")
    if actual is None:
        raise InvalidInputError(f"KPI {code!r} has no actual", field=f"actuals.{code}", rule="actual_required")
    value = figure(actual, f"actuals.{code}")
    figures = _SCORERS[rule](kpi, code, weight, direction, value, defaults)
    vetoed = common["veto"] and figures["met"] is False
    return _finish({**common, "direction": direction, "actual": value, "vetoed": vetoed, **figures})


def _common(kpi: Mapping[str, Any]) -> dict[str, Any]:
    """What every rule's score shows of the KPI: code, name, rule, a positive weight, unit, main, veto."""
    code = str(kpi.get("code") or "?")
    rule = _choice(kpi.get("rule"), RULES, code, "rule", "known_scoring_rule")
    weight = figure(kpi.get("weight"), f"kpis.{code}.weight")
    if weight <= 0:
        raise InvalidInputError(
            f"KPI {code!r} needs a positive weight", field=f"kpis.{code}.weight", rule="positive_weight"
        )
    return {"code": code, "name": str(kpi.get("name") or code), "rule": rule, "weight": weight,
            "unit": str(kpi.get("unit") or ""), "main": bool(kpi.get("main", False)), "veto": bool(kpi.get("veto", False))}


def _finish(values: dict[str, Any]) -> KpiScore:
    completion = values.get("completion")
    values["completion_rounded"] = None if completion is None else round_rate(completion)
    return KpiScore(**values, score_rounded=round_score(values["score"]))


def _choice(value: Any, choices: tuple[str, ...], code: str, key: str, rule: str) -> str:
    if value not in choices:
        raise InvalidInputError(
            f"KPI {code!r} {key} must be one of {', '.join(choices)}; got {value!r}",
            field=f"kpis.{code}.{key}",
            rule=rule,
        )
    return str(value)
