"""Checks of a KPI's scoring-rule parameters, veto and target, by rule (DOMAIN.md "Scoring rules")."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shared.domain.inputs import parse_decimal, require_bool
from shared.domain.parameters import PolicyParameters
from shared.errors import InvalidInputError, RuleViolationError

_TIERS = ("basic", "striving", "challenge")


def check_rule_parameters(raw: Mapping[str, Any], rule: str, at: str, params: PolicyParameters) -> dict[str, Any]:
    """Veto, cap, step and penalty; a rule's own parameters default to the policy's."""
    _refuse_unless(raw, "cap", rule == "linear", at)
    _refuse_unless(raw, "step", rule in ("deduct", "tiered"), at)
    _refuse_unless(raw, "penalty", rule in ("deduct", "tiered"), at)
    _refuse_unless(raw, "veto_below", rule == "rated", at)
    veto_below = None if raw.get("veto_below") is None else parse_decimal(raw["veto_below"], f"{at}.veto_below")
    if veto_below is not None and not 0 <= veto_below <= 100:
        raise InvalidInputError(f"{at}.veto_below must be 0-100", field=f"{at}.veto_below", rule="rating_range")
    # A veto_below implies the veto: a scenario may give the threshold alone.
    veto = require_bool(raw.get("veto", veto_below is not None), f"{at}.veto")
    if rule == "rated" and veto != (veto_below is not None):
        raise RuleViolationError(
            "a rated veto KPI needs veto_below, the mean rating below which it fails; no other KPI has one",
            field=f"{at}.veto_below",
            rule="veto_below_with_veto",
        )
    values: dict[str, Any] = {
        "veto": veto,
        "veto_below": veto_below,
        "cap": None,
        "step": None,
        "penalty": None,
    }
    if rule == "linear":
        values["cap"] = _positive(raw, "cap", at, params.linear_cap)
        if values["cap"] < 1:
            raise InvalidInputError(f"{at}.cap must be at least 1", field=f"{at}.cap", rule="cap_at_least_1")
    if rule in ("deduct", "tiered"):
        values["step"] = _positive(raw, "step", at, params.deduct_step)
        values["penalty"] = _positive(raw, "penalty", at, params.deduct_penalty)
        if values["penalty"] > 100:
            raise InvalidInputError(
                f"{at}.penalty is a % of the weight, at most 100", field=f"{at}.penalty", rule="penalty_range"
            )
    return values


def check_target(raw: Mapping[str, Any], rule: str, direction: str | None, at: str) -> dict[str, Any]:
    """A single target, ordered tiers for `tiered`, nothing for `rated`."""
    _refuse_unless(raw, "target", rule in ("linear", "deduct", "pass_fail"), at)
    _refuse_unless(raw, "tiers", rule == "tiered", at)
    if rule == "rated":
        return {"target": None, "tiers": None}
    if rule == "tiered":
        return {"target": None, "tiers": _tiers(raw.get("tiers"), direction, at)}
    if raw.get("target") is None:
        raise RuleViolationError(f"a {rule} KPI needs a target", field=f"{at}.target", rule="target_required")
    target = parse_decimal(raw["target"], f"{at}.target")
    # With a zero target completion is undefined (actual / 0) or always 0 (0 / actual, lower is better);
    # pass/fail only compares, so zero is a fair target there (e.g. no accidents).
    if target == 0 and rule != "pass_fail":
        raise RuleViolationError(f"a {rule} KPI needs a non-zero target", field=f"{at}.target", rule="non_zero_target")
    return {"target": target, "tiers": None}


def _tiers(raw: Any, direction: str | None, at: str) -> dict[str, Decimal]:
    field = f"{at}.tiers"
    if not isinstance(raw, Mapping) or set(raw) != set(_TIERS):
        raise RuleViolationError(
            "a tiered KPI needs tiers with exactly basic, striving and challenge",
            field=field,
            rule="tiers_required",
        )
    tiers = {name: parse_decimal(raw[name], f"{field}.{name}") for name in _TIERS}
    values = [tiers[name] for name in _TIERS]
    rising = values[0] < values[1] < values[2]
    falling = values[0] > values[1] > values[2]
    if not (rising if direction == "higher" else falling):
        order = "basic < striving < challenge" if direction == "higher" else "basic > striving > challenge"
        raise RuleViolationError(
            f"tiers of a {direction}-is-better KPI must run {order}", field=field, rule="tiers_ordered"
        )
    # Completion is measured against striving, and the shortfall below basic against basic.
    for name in ("basic", "striving"):
        if tiers[name] == 0:
            raise RuleViolationError(f"{field}.{name} must not be 0", field=f"{field}.{name}", rule="non_zero_target")
    return tiers


def _refuse_unless(raw: Mapping[str, Any], key: str, applies: bool, at: str) -> None:
    if not applies and raw.get(key) is not None:
        raise InvalidInputError(
            f"{at}.{key} does not apply to a {raw.get('rule')} KPI",
            field=f"{at}.{key}",
            rule="attribute_applies_to_rule",
        )


def _positive(raw: Mapping[str, Any], key: str, at: str, default: Decimal) -> Decimal:
    if raw.get(key) is None:
        return default
    value = parse_decimal(raw[key], f"{at}.{key}")
    if value <= 0:
        raise InvalidInputError(f"{at}.{key} must be greater than 0", field=f"{at}.{key}", rule="positive")
    return value
