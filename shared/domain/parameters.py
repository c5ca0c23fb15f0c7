"""Policy parameters of DOMAIN.md with their defaults and checks, once for every service.

The contract service validates them when a policy is adopted or revised (`from_dict`) and records
`to_dict()`; appraisal and payroll read that recorded dict back from its message (`of`), and take the
defaults for keys a policy recorded before they existed."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from shared.errors import InvalidInputError

from .parameter_checks import CHECKS, check_consistency

D = Decimal


def _frozen(values: dict[str, str]) -> Mapping[str, Decimal]:
    return MappingProxyType({key: D(value) for key, value in values.items()})


@dataclass(frozen=True)
class PolicyParameters:
    exit_score_floor: Decimal = D(70)
    main_kpi_floor: Decimal = D("0.70")
    # Not in DOMAIN.md's table: the most that bonus items may add to an annual total. 0 = bonuses add nothing.
    bonus_cap: Decimal = D(0)
    excellent_pct: Decimal = D(20)
    basic_pct: Decimal = D(10)
    coefficients: Mapping[str, Decimal] = field(
        default_factory=lambda: _frozen({"excellent": "1.5", "qualified": "1.0", "basic": "0.8", "unqualified": "0"})
    )
    performance_mode: str = "grade"
    retention_pct: Decimal = D(0)
    tenure_incentive_pct: Decimal = D(10)
    tenure_coefficient_cap: Decimal = D("2.0")
    linear_cap: Decimal = D("1.2")
    deduct_step: Decimal = D(1)
    deduct_penalty: Decimal = D(10)
    consecutive_unqualified_exit: int = 2
    consecutive_basic_warning: int = 2
    # DOMAIN.md: "basic ... twice within a tenure"; the "twice" made a parameter like the others.
    basic_in_tenure_warning: int = 2
    min_quantitative_weight: Decimal = D(70)
    min_performance_share: Mapping[str, Decimal] = field(
        default_factory=lambda: _frozen({"leadership": "0.60", "middle": "0.50", "professional": "0.60"})
    )
    bottom_warning_pct: Decimal = D(10)
    bottom_red_pct: Decimal = D(5)
    # 004: the yellow warning's observation period, 6-12 months ("保留6-12个月观察期"), in calendar months.
    observation_months: int = 6
    revenue_removal_floor: Decimal | None = None
    profit_removal_floor: Decimal | None = None
    # The KPI codes that the 一重 removal variant reads as revenue and as profit.
    revenue_kpi_codes: tuple[str, ...] = ("revenue",)
    profit_kpi_codes: tuple[str, ...] = ("profit",)
    # 一重's "基本生活费": CNY a month paid after an automatic removal instead of the base, to the planned term's
    # end. Required by a policy that turns a removal floor on (parameter_checks.require_living_allowance).
    living_allowance_monthly: Decimal | None = None
    professional_unqualified_in_appointment: int = 2
    objection_window_days: int = 15
    min_tenure_years: int = 2
    max_tenure_years: int = 3
    max_professional_tenure_years: int = 3
    max_probation_months: int = 6
    max_extension_months: int = 12
    max_consecutive_terms: int = 3
    # Lifecycle 7: a tenure ending within this many days is listed and warned of once (tenure.expiring).
    expiry_warning_days: int = 90

    def __deepcopy__(self, memo: dict[int, Any]) -> PolicyParameters:
        # Immutable, and its read-only mappings cannot be deep-copied: a copy is the object itself.
        return self

    @classmethod
    def from_dict(cls, overrides: Mapping[str, Any] | None, base: PolicyParameters | None = None) -> PolicyParameters:
        """Validated `overrides` applied over `base` (the defaults when none); mappings merge key by key."""
        base = base or cls()
        if overrides is not None and not isinstance(overrides, Mapping):
            raise InvalidInputError("parameters must be an object", field="parameters", rule="mapping")
        changes: dict[str, Any] = {}
        for key, value in (overrides or {}).items():
            if key not in CHECKS:
                raise InvalidInputError(
                    f"unknown policy parameter {key!r}", field=f"parameters.{key}", rule="known_parameter"
                )
            changes[key] = CHECKS[key](value, f"parameters.{key}", getattr(base, key))
        params = dataclasses.replace(base, **changes)
        check_consistency(params)
        return params

    @classmethod
    def of(cls, policy: PolicyParameters | Mapping[str, Any] | None) -> PolicyParameters:
        """The parameters as given, or checked from a policy dict (a recorded one, or a test's); None means
        DOMAIN.md's defaults, and a key set to None keeps its default unless None is a value of it."""
        if policy is None or isinstance(policy, PolicyParameters):
            return policy or cls()
        if not isinstance(policy, Mapping):
            raise InvalidInputError("policy parameters must be an object", field="policy", rule="mapping")
        nullable = {f.name for f in dataclasses.fields(cls) if f.default is None}
        return cls.from_dict({k: v for k, v in policy.items() if v is not None or k in nullable})

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> PolicyParameters:
        """Rebuild from `to_dict()` output already validated when recorded; replay must not re-judge it."""
        values = dict(stored)
        for key in ("coefficients", "min_performance_share"):
            values[key] = MappingProxyType(dict(values[key]))
        for key in ("revenue_kpi_codes", "profit_kpi_codes"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["coefficients"] = dict(self.coefficients)
        values["min_performance_share"] = dict(self.min_performance_share)
        values["revenue_kpi_codes"] = list(self.revenue_kpi_codes)
        values["profit_kpi_codes"] = list(self.profit_kpi_codes)
        return values
