"""One KPI of a sheet: how it is scored and against what target (DOMAIN.md "KPI sheets")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from shared.errors import InvalidInputError

from shared.domain.inputs import optional_text, parse_decimal, require_bool, require_choice, require_text
from .kpi_targets import check_rule_parameters, check_target
from shared.domain.parameters import PolicyParameters

RULES = ("linear", "deduct", "tiered", "pass_fail", "rated")
DIRECTIONS = ("higher", "lower")
CATEGORIES = ("key_results", "quality_efficiency", "strategy", "constraint", "party_building")
_KNOWN_KEYS = frozenset(
    {"code", "name", "category", "weight", "rule", "direction", "unit", "main", "veto", "veto_below"}
    | {"cap", "step", "penalty", "target", "tiers", "target_basis"}
)


@dataclass(frozen=True)
class Kpi:
    """A validated KPI; `direction` is None when rated, rule parameters None where they do not apply."""

    code: str
    name: str
    category: str | None
    weight: Decimal
    rule: str
    direction: str | None
    unit: str
    main: bool
    veto: bool
    veto_below: Decimal | None
    cap: Decimal | None
    step: Decimal | None
    penalty: Decimal | None
    target: Decimal | None
    tiers: Mapping[str, Decimal] | None
    target_basis: str | None

    @property
    def quantitative(self) -> bool:
        return self.rule != "rated"

    def __deepcopy__(self, memo: dict[int, Any]) -> Kpi:
        # Immutable, and its read-only mappings cannot be deep-copied: a copy is the object itself.
        return self

    @classmethod
    def from_normalised(cls, values: Mapping[str, Any]) -> Kpi:
        """Rebuild from `parse_kpi` output already validated when recorded."""
        tiers = values["tiers"]
        return cls(**{**values, "tiers": None if tiers is None else MappingProxyType(dict(tiers))})

    def to_dict(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["tiers"] = None if self.tiers is None else dict(self.tiers)
        return values


def parse_kpi(raw: Any, index: int, params: PolicyParameters) -> dict[str, Any]:
    """One raw KPI checked and normalised: Decimals, every key present, policy defaults filled."""
    at = f"kpis.{index}"
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{at} must be an object", field=at, rule="kpi_object")
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise InvalidInputError(
            f"{at} has unknown keys: {', '.join(unknown)}", field=f"{at}.{unknown[0]}", rule="known_kpi_key"
        )
    rule = require_choice(raw.get("rule"), RULES, f"{at}.rule", "known_scoring_rule")
    weight = parse_decimal(raw.get("weight"), f"{at}.weight")
    if weight <= 0:
        raise InvalidInputError(f"{at}.weight must be greater than 0", field=f"{at}.weight", rule="positive_weight")
    # Rated KPIs are scored on ratings, so they have no direction.
    direction = None if rule == "rated" else raw.get("direction", "higher")
    values: dict[str, Any] = {
        "code": require_text(raw.get("code"), f"{at}.code"),
        "name": require_text(raw.get("name"), f"{at}.name"),
        "category": _optional_choice(raw.get("category"), CATEGORIES, f"{at}.category", "known_category"),
        "weight": weight,
        "rule": rule,
        "direction": _optional_choice(direction, DIRECTIONS, f"{at}.direction", "known_direction"),
        "unit": optional_text(raw.get("unit"), f"{at}.unit") or "",
        "main": require_bool(raw.get("main", False), f"{at}.main"),
        "target_basis": optional_text(raw.get("target_basis"), f"{at}.target_basis"),
    }
    values.update(check_rule_parameters(raw, rule, at, params))
    values.update(check_target(raw, rule, values["direction"], at))
    return values


def _optional_choice(value: Any, choices: tuple[str, ...], field: str, rule: str) -> str | None:
    return None if value is None else require_choice(value, choices, field, rule)
