"""A pay plan: base and target performance salary per year, and the minimum performance share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.decimals import CENT, round_rate
from shared.errors import InvalidInputError, RuleViolationError

from shared.domain.inputs import parse_decimal
from shared.domain.parameters import PolicyParameters


@dataclass(frozen=True)
class Pay:
    """Annual amounts in yuan (CNY)."""

    base: Decimal
    performance: Decimal

    @property
    def performance_share(self) -> Decimal:
        """Performance salary as a share of base plus performance."""
        return self.performance / (self.base + self.performance)

    @classmethod
    def from_normalised(cls, values: Mapping[str, Decimal]) -> Pay:
        return cls(base=values["base"], performance=values["performance"])

    def to_dict(self) -> dict[str, Decimal]:
        return {"base": self.base, "performance": self.performance}


def check_pay(raw: Any, level: str, params: PolicyParameters, at: str = "pay") -> dict[str, Decimal]:
    """The plan in yuan to the cent, refused when its performance share is below the policy's for `level`."""
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{at} must be an object with base and performance", field=at, rule="pay_object")
    amounts = {name: _amount(raw.get(name), f"{at}.{name}") for name in ("base", "performance")}
    pay = Pay.from_normalised(amounts)
    if pay.base <= 0:
        raise RuleViolationError(f"{at}.base must be greater than 0", field=f"{at}.base", rule="positive_base_pay")
    floor = params.min_performance_share[level]
    if pay.performance_share < floor:
        raise RuleViolationError(
            f"performance salary is {round_rate(pay.performance_share)} of base plus performance; "
            f"the policy requires at least {floor} for {level} managers",
            field=f"{at}.performance",
            rule="min_performance_share",
        )
    return amounts


def _amount(value: Any, field: str) -> Decimal:
    amount = parse_decimal(value, field)
    if amount < 0 or amount != amount.quantize(CENT):
        raise InvalidInputError(
            f"{field} must be a non-negative amount in yuan, to the cent at most", field=field, rule="money"
        )
    return amount
