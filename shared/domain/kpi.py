"""One KPI of a sheet: how it is scored and against what target (DOMAIN.md "KPI sheets"), written once: the
value object a letter or bid keeps (`Kpi`, which is also how it reads over HTTP), the request body that asks
for one (`KpiInput`), and the check that turns the one into the other (`parse_kpi`). The contract service
validates and records sheets; the appraisal service reads them back from the letters it learned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from shared.domain.inputs import optional_text, parse_decimal, require_bool, require_choice, require_text
from shared.domain.kpi_targets import check_rule_parameters, check_target
from shared.domain.parameters import PolicyParameters
from shared.errors import InvalidInputError
from shared.inputs import Figure

RULES = ("linear", "deduct", "tiered", "pass_fail", "rated")  # KpiInput.rule names them too
DIRECTIONS = ("higher", "lower")
CATEGORIES = ("key_results", "quality_efficiency", "strategy", "constraint", "party_building")
_KNOWN_KEYS = frozenset(
    {"code", "name", "category", "weight", "rule", "direction", "unit", "main", "veto", "veto_below"}
    | {"cap", "step", "penalty", "target", "tiers", "target_basis"}
)


def _plain(tiers: Mapping[str, Decimal] | None) -> dict[str, Decimal] | None:
    return None if tiers is None else dict(tiers)


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
    tiers: Annotated[Mapping[str, Decimal] | None, PlainSerializer(_plain, return_type=dict[str, Decimal] | None)]
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


class KpiInput(BaseModel):
    """One KPI of a sheet as asked; numbers may be JSON numbers or decimal strings. `parse_kpi` checks it
    against the policy and fills the policy's defaults, making a `Kpi`."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    category: str | None = None
    weight: Figure
    rule: Literal["linear", "deduct", "tiered", "pass_fail", "rated"]
    direction: Literal["higher", "lower"] | None = None
    unit: str | None = None
    main: bool = False
    veto: bool | None = Field(default=None, description="a failed veto KPI makes the appraisal unqualified; implied by veto_below")
    veto_below: Figure | None = None
    cap: Figure | None = None
    step: Figure | None = None
    penalty: Figure | None = None
    target: Figure | None = None
    tiers: dict[str, Figure] | None = None
    target_basis: str | None = Field(default=None, description="how the target was set")

    def raw(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


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
