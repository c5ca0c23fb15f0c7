"""The policy parameters the appraisal rules read (DOMAIN.md), with its defaults.

They are built from the policy dict the contract service records (`PolicyParameters.to_dict()`): keys the
appraisal does not use are ignored, keys it uses but the policy leaves out take the defaults below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from shared.errors import InvalidInputError

from .figures import count, figure, optional_figure

D = Decimal
_P = TypeVar("_P", "ScoringParameters", "AppraisalParameters")


@dataclass(frozen=True)
class ScoringParameters:
    """Policy defaults of the rule parameters a KPI may set for itself (DOMAIN.md "Scoring rules")."""

    linear_cap: Decimal = D("1.2")
    deduct_step: Decimal = D(1)
    deduct_penalty: Decimal = D(10)

    @classmethod
    def from_policy(cls, policy: Mapping[str, Any]) -> ScoringParameters:
        return _from_policy(cls, policy)


@dataclass(frozen=True)
class AppraisalParameters:
    """Every policy parameter of scoring, grading, warnings, exit and the tenure appraisal."""

    linear_cap: Decimal = D("1.2")
    deduct_step: Decimal = D(1)
    deduct_penalty: Decimal = D(10)
    main_kpi_floor: Decimal = D("0.70")
    # Not in DOMAIN.md's table: the most that bonus items may add to an annual total. 0 = bonuses add nothing.
    bonus_cap: Decimal = D(0)
    exit_score_floor: Decimal = D(70)
    excellent_pct: Decimal = D(20)
    basic_pct: Decimal = D(10)
    consecutive_unqualified_exit: int = 2
    professional_unqualified_in_appointment: int = 2
    consecutive_basic_warning: int = 2
    # DOMAIN.md: "basic ... twice within a tenure"; the "twice" made a parameter like the others.
    basic_in_tenure_warning: int = 2
    bottom_warning_pct: Decimal = D(10)
    bottom_red_pct: Decimal = D(5)
    revenue_removal_floor: Decimal | None = None
    profit_removal_floor: Decimal | None = None
    # The KPI codes that the 一重 removal variant reads as revenue and as profit.
    revenue_kpi_codes: tuple[str, ...] = ("revenue",)
    profit_kpi_codes: tuple[str, ...] = ("profit",)
    tenure_coefficient_cap: Decimal = D("2.0")

    @classmethod
    def from_policy(cls, policy: Mapping[str, Any]) -> AppraisalParameters:
        return _from_policy(cls, policy)

    @property
    def scoring(self) -> ScoringParameters:
        return ScoringParameters(self.linear_cap, self.deduct_step, self.deduct_penalty)


def scoring_parameters(params: ScoringParameters | AppraisalParameters | Mapping[str, Any] | None) -> ScoringParameters:
    """The scoring defaults from any of the accepted forms; None means DOMAIN.md's defaults."""
    if isinstance(params, ScoringParameters):
        return params
    if isinstance(params, AppraisalParameters):
        return params.scoring
    return ScoringParameters.from_policy(_mapping(params))


def appraisal_parameters(params: AppraisalParameters | Mapping[str, Any] | None) -> AppraisalParameters:
    """The parameters from a policy dict, or as given; None means DOMAIN.md's defaults."""
    if isinstance(params, AppraisalParameters):
        return params
    return AppraisalParameters.from_policy(_mapping(params))


def _mapping(params: Any) -> Mapping[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise InvalidInputError("policy parameters must be an object", field="policy", rule="mapping")
    return params


def _decimal(low: Decimal | None = None, high: Decimal | None = None, positive: bool = False) -> Callable[..., Any]:
    def check(value: Any, field: str) -> Decimal:
        number = figure(value, field)
        if (low is not None and number < low) or (high is not None and number > high) or (positive and number <= 0):
            raise InvalidInputError(f"{field} is out of range: {number}", field=field, rule="parameter_range")
        return number

    return check


def _optional(check: Callable[[Any, str], Decimal]) -> Callable[[Any, str], Decimal | None]:
    return lambda value, field: None if optional_figure(value, field) is None else check(value, field)


def _codes(value: Any, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InvalidInputError(f"{field} must be a list of KPI codes", field=field, rule="kpi_codes")
    return tuple(value)


_PCT = _decimal(D(0), D(100))
_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "linear_cap": _decimal(D(1)),
    "deduct_step": _decimal(positive=True),
    "deduct_penalty": _decimal(high=D(100), positive=True),
    "main_kpi_floor": _decimal(D(0)),
    "bonus_cap": _decimal(D(0)),
    "exit_score_floor": _PCT,
    "excellent_pct": _PCT,
    "basic_pct": _PCT,
    "consecutive_unqualified_exit": count,
    "professional_unqualified_in_appointment": count,
    "consecutive_basic_warning": count,
    "basic_in_tenure_warning": count,
    "bottom_warning_pct": _PCT,
    "bottom_red_pct": _PCT,
    "revenue_removal_floor": _optional(_decimal(D(0))),
    "profit_removal_floor": _optional(_decimal(D(0))),
    "revenue_kpi_codes": _codes,
    "profit_kpi_codes": _codes,
    "tenure_coefficient_cap": _decimal(positive=True),
}


def _from_policy(cls: type[_P], policy: Mapping[str, Any]) -> _P:
    names = {f.name for f in dataclasses.fields(cls)}
    # Keys the policy leaves out (or sets to None where None is not a value) keep the default.
    values = {
        key: _CHECKS[key](value, f"policy.{key}")
        for key, value in policy.items()
        if key in names and (value is not None or key.endswith("_removal_floor"))
    }
    return cls(**values)
