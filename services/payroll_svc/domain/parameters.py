"""The policy parameters the pay rules read (DOMAIN.md "Pay"), with their defaults.

They are built from the policy dict the contract service records (`PolicyParameters.to_dict()`): keys pay
does not use are ignored, keys it uses but the policy leaves out take the defaults below, and the per-grade
and per-level tables merge key by key over the defaults.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from shared.errors import InvalidInputError

from .figures import figure

D = Decimal
EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = "excellent", "qualified", "basic", "unqualified"
GRADES = (EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED)
LEVELS = ("leadership", "middle", "professional")
GRADE_MODE, SCORE_MODE = "grade", "score"
PERFORMANCE_MODES = (GRADE_MODE, SCORE_MODE)


def _table(values: dict[str, str]) -> Mapping[str, Decimal]:
    return MappingProxyType({key: D(value) for key, value in values.items()})


@dataclass(frozen=True)
class PayParameters:
    """Grade coefficients, performance mode, retention, tenure incentive and the minimum performance share."""

    coefficients: Mapping[str, Decimal] = field(
        default_factory=lambda: _table({EXCELLENT: "1.5", QUALIFIED: "1.0", BASIC: "0.8", UNQUALIFIED: "0"})
    )
    performance_mode: str = GRADE_MODE
    retention_pct: Decimal = D(0)
    tenure_incentive_pct: Decimal = D(10)
    tenure_coefficient_cap: Decimal = D("2.0")
    min_performance_share: Mapping[str, Decimal] = field(
        default_factory=lambda: _table({"leadership": "0.60", "middle": "0.50", "professional": "0.60"})
    )

    def __deepcopy__(self, memo: dict[int, Any]) -> PayParameters:
        # Immutable, and its read-only tables cannot be deep-copied: a copy is the object itself.
        return self

    @classmethod
    def from_policy(cls, policy: Mapping[str, Any]) -> PayParameters:
        """The parameters a policy dict sets, over the defaults; None values keep the default."""
        base = cls()
        names = {f.name for f in dataclasses.fields(cls)}
        changes = {
            key: _CHECKS[key](value, f"policy.{key}", getattr(base, key))
            for key, value in policy.items()
            if key in names and value is not None
        }
        return dataclasses.replace(base, **changes)


def pay_parameters(params: PayParameters | Mapping[str, Any] | None) -> PayParameters:
    """The parameters as given, or from a policy dict; None means DOMAIN.md's defaults."""
    if isinstance(params, PayParameters):
        return params
    if params is None:
        return PayParameters()
    if not isinstance(params, Mapping):
        raise InvalidInputError("policy parameters must be an object", field="policy", rule="mapping")
    return PayParameters.from_policy(params)


_Check = Callable[[Any, str, Any], Any]


def _decimal(low: Decimal, high: Decimal | None = None, positive: bool = False) -> _Check:
    def check(value: Any, name: str, _current: Any) -> Decimal:
        number = figure(value, name)
        if number < low or (high is not None and number > high) or (positive and number <= 0):
            raise InvalidInputError(f"{name} is out of range: {number}", field=name, rule="parameter_range")
        return number

    return check


def _table_of(keys: tuple[str, ...], high: Decimal | None) -> _Check:
    entry = _decimal(D(0), high)

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


def _mode(value: Any, name: str, _current: Any) -> str:
    if value not in PERFORMANCE_MODES:
        raise InvalidInputError(
            f"{name} must be one of {', '.join(PERFORMANCE_MODES)}", field=name, rule="known_choice"
        )
    return str(value)


_CHECKS: dict[str, _Check] = {
    "coefficients": _table_of(GRADES, None),
    "performance_mode": _mode,
    "retention_pct": _decimal(D(0), D(100)),
    "tenure_incentive_pct": _decimal(D(0), D(100)),
    "tenure_coefficient_cap": _decimal(D(0), positive=True),
    "min_performance_share": _table_of(LEVELS, D(1)),
}
