"""Type and range checks of each policy parameter, and the rules that bind parameters together."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from shared.errors import InvalidInputError

from .inputs import parse_decimal, require_choice, require_int
from .vocabulary import GRADES, LEVELS, PERFORMANCE_MODES

if TYPE_CHECKING:
    from .parameters import PolicyParameters

_Check = Callable[[Any, str, Any], Any]


def _decimal(low: Decimal | int | None, high: Decimal | int | None = None, positive: bool = False) -> _Check:
    def check(value: Any, name: str, _current: Any) -> Decimal:
        number = parse_decimal(value, name)
        if (low is not None and number < low) or (high is not None and number > high) or (positive and number <= 0):
            bounds = "greater than 0" if positive else f"at least {low}"
            bounds += f" and at most {high}" if high is not None else ""
            raise InvalidInputError(f"{name} must be {bounds}; got {number}", field=name, rule="parameter_range")
        return number

    return check


def _optional_decimal(low: int, high: int | None) -> _Check:
    inner = _decimal(low, high)
    return lambda value, name, current: None if value is None else inner(value, name, current)


def _integer(low: int, high: int | None = None) -> _Check:
    def check(value: Any, name: str, _current: Any) -> int:
        number = require_int(value, name)
        if number < low or (high is not None and number > high):
            bounds = f"at least {low}" + (f" and at most {high}" if high is not None else "")
            raise InvalidInputError(f"{name} must be {bounds}; got {number}", field=name, rule="parameter_range")
        return number

    return check


def _codes(value: Any, name: str, _current: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"{name} must be a list of KPI codes", field=name, rule="kpi_codes")
    return tuple(value)


def _choice(*options: str) -> _Check:
    return lambda value, name, _current: require_choice(value, options, name, "known_choice")


def _mapping(keys: tuple[str, ...], low: int, high: int | None) -> _Check:
    """A per-grade or per-level table; named keys override the current table, the rest stay."""
    entry = _decimal(low, high)

    def check(value: Any, name: str, current: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
        if not isinstance(value, Mapping):
            raise InvalidInputError(f"{name} must be an object keyed by {', '.join(keys)}", field=name, rule="mapping")
        merged = dict(current)
        for key, item in value.items():
            if key not in keys:
                raise InvalidInputError(f"unknown key {key!r} in {name}", field=f"{name}.{key}", rule="known_parameter")
            merged[key] = entry(item, f"{name}.{key}", None)
        return MappingProxyType(merged)

    return check


CHECKS: dict[str, _Check] = {
    "exit_score_floor": _decimal(0, 100),
    "main_kpi_floor": _decimal(0, 1),
    "bonus_cap": _decimal(0, 100),
    "excellent_pct": _decimal(0, 100),
    "basic_pct": _decimal(0, 100),
    "coefficients": _mapping(GRADES, 0, None),
    "performance_mode": _choice(*PERFORMANCE_MODES),
    "retention_pct": _decimal(0, 100),
    "tenure_incentive_pct": _decimal(0, 100),
    "tenure_coefficient_cap": _decimal(None, positive=True),
    "linear_cap": _decimal(1),
    "deduct_step": _decimal(None, positive=True),
    "deduct_penalty": _decimal(None, 100, positive=True),
    "consecutive_unqualified_exit": _integer(1),
    "consecutive_basic_warning": _integer(1),
    "basic_in_tenure_warning": _integer(1),
    "min_quantitative_weight": _decimal(0, 100),
    "min_performance_share": _mapping(LEVELS, 0, 1),
    "bottom_warning_pct": _decimal(0, 100),
    "bottom_red_pct": _decimal(0, 100),
    "observation_months": _integer(6, 12),
    "revenue_removal_floor": _optional_decimal(0, None),
    "profit_removal_floor": _optional_decimal(0, None),
    "living_allowance_monthly": _optional_decimal(0, None),
    "revenue_kpi_codes": _codes,
    "profit_kpi_codes": _codes,
    "professional_unqualified_in_appointment": _integer(1),
    "objection_window_days": _integer(0),
    "min_tenure_years": _integer(1),
    "max_tenure_years": _integer(1),
    "max_professional_tenure_years": _integer(1),
    "max_probation_months": _integer(0),
    "max_extension_months": _integer(0),
    "max_consecutive_terms": _integer(1),
    "expiry_warning_days": _integer(0),
}


def check_consistency(params: PolicyParameters) -> None:
    if params.min_tenure_years > params.max_tenure_years:
        raise InvalidInputError(
            "min_tenure_years exceeds max_tenure_years",
            field="parameters.min_tenure_years",
            rule="tenure_years_range",
        )
    if params.excellent_pct + params.basic_pct > 100:
        raise InvalidInputError(
            "excellent_pct and basic_pct together exceed 100",
            field="parameters.basic_pct",
            rule="quotas_within_100",
        )


def require_living_allowance(params: PolicyParameters) -> None:
    """A policy that turns a removal floor on says what the manager removed by it is paid (一重: "只拿基本生活费").
    Checked when a policy is adopted or revised, not when a recorded version is read back."""
    if params.living_allowance_monthly is None and (
            params.revenue_removal_floor is not None or params.profit_removal_floor is not None):
        raise InvalidInputError(
            "a removal floor needs living_allowance_monthly: what a manager removed by it is paid each month",
            field="parameters.living_allowance_monthly",
            rule="living_allowance_required",
        )
