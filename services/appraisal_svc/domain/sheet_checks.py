"""Checks of a KPI's targets and inputs before a rule scores it; each error names its field and rule.

Edge cases: completion is a ratio, so linear, deduct and tiered KPIs need a positive target (the basic and
striving tiers too); a zero or negative one is refused rather than divided by. A negative actual is
accepted for higher-is-better KPIs (a loss against a profit target: completion < 0, the score floors at
0) but refused for lower-is-better ones, where target / actual would turn the direction upside down. A
lower-is-better actual of 0 is the best result there is. Pass/fail KPIs only compare, so any target will do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError

from .figures import HUNDRED, ZERO, figure, optional_figure

TIERS = ("basic", "striving", "challenge")


def ratio_target(kpi: Mapping[str, Any], code: str, direction: str, actual: Decimal) -> Decimal:
    """The target of a linear or deduct KPI: present and positive."""
    field = f"kpis.{code}.target"
    if kpi.get("target") is None:
        raise RuleViolationError(f"KPI {code!r} needs a target", field=field, rule="target_required")
    target = _positive_target(figure(kpi["target"], field), code, field)
    _check_lower_actual(actual, code, direction)
    return target


def tier_targets(
    kpi: Mapping[str, Any], code: str, direction: str, actual: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """(basic, striving, challenge), ordered in the KPI's direction, basic and striving positive."""
    field = f"kpis.{code}.tiers"
    raw = kpi.get("tiers")
    if not isinstance(raw, Mapping) or set(raw) != set(TIERS):
        raise RuleViolationError(
            f"tiered KPI {code!r} needs tiers with exactly basic, striving and challenge",
            field=field,
            rule="tiers_required",
        )
    basic, striving, challenge = (figure(raw[name], f"{field}.{name}") for name in TIERS)
    ordered = basic < striving < challenge if direction == "higher" else basic > striving > challenge
    if not ordered:
        order = "basic < striving < challenge" if direction == "higher" else "basic > striving > challenge"
        raise RuleViolationError(
            f"tiers of {direction}-is-better KPI {code!r} must run {order}", field=field, rule="tiers_ordered"
        )
    _positive_target(basic, code, f"{field}.basic")
    _positive_target(striving, code, f"{field}.striving")
    _check_lower_actual(actual, code, direction)
    return basic, striving, challenge


def pass_fail_target(kpi: Mapping[str, Any], code: str) -> Decimal:
    field = f"kpis.{code}.target"
    if kpi.get("target") is None:
        raise RuleViolationError(f"KPI {code!r} needs a target", field=field, rule="target_required")
    return figure(kpi["target"], field)


def rated_inputs(
    kpi: Mapping[str, Any], code: str, veto: bool, actual: Any, rating: Any
) -> tuple[tuple[Decimal, ...], Decimal | None]:
    """(the evaluators' ratings, each 0–100; veto_below) of a rated KPI."""
    if actual is not None:
        raise InvalidInputError(
            f"rated KPI {code!r} is scored on ratings, not on an actual",
            field=f"actuals.{code}",
            rule="actual_for_quantitative_only",
        )
    field = f"ratings.{code}"
    given = list(rating) if isinstance(rating, Sequence) and not isinstance(rating, str) else [rating]
    if rating is None or not given:
        raise InvalidInputError(f"rated KPI {code!r} has no rating", field=field, rule="rating_required")
    ratings = tuple(figure(value, f"{field}.{index}") for index, value in enumerate(given))
    for index, value in enumerate(ratings):
        if not ZERO <= value <= HUNDRED:
            raise InvalidInputError(
                f"a rating is 0-100; {field}.{index} is {value}", field=f"{field}.{index}", rule="rating_range"
            )
    veto_below = optional_figure(kpi.get("veto_below"), f"kpis.{code}.veto_below")
    if veto and veto_below is None:
        raise RuleViolationError(
            f"rated veto KPI {code!r} needs veto_below, the mean rating below which it fails",
            field=f"kpis.{code}.veto_below",
            rule="veto_below_with_veto",
        )
    return ratings, veto_below


def _positive_target(target: Decimal, code: str, field: str) -> Decimal:
    if target <= 0:
        raise RuleViolationError(
            f"KPI {code!r} is scored on a completion ratio and needs a positive target; got {target}",
            field=field,
            rule="positive_target",
        )
    return target


def _check_lower_actual(actual: Decimal, code: str, direction: str) -> None:
    if direction == "lower" and actual < 0:
        raise InvalidInputError(
            f"lower-is-better KPI {code!r} cannot have a negative actual; got {actual}",
            field=f"actuals.{code}",
            rule="non_negative_actual",
        )
