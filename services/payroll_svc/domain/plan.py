"""The pay plan check: the performance share of (base + performance) is at least the policy's for the level."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared.decimals import round_rate
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import LEVELS
from shared.errors import InvalidInputError, RuleViolationError

from .figures import positive_money


@dataclass(frozen=True)
class PayPlan:
    """An accepted plan: annual amounts in yuan and the share test it passed."""

    level: str
    base: Decimal
    performance: Decimal
    annual_target_pay: Decimal
    performance_share: Decimal
    min_performance_share: Decimal


def check_pay_plan(
    base: Any, performance: Any, level: str, params: PolicyParameters | Mapping[str, Any] | None
) -> PayPlan:
    """The plan, or RuleViolationError(field "performance", rule "min_performance_share") when below the floor.

    Both amounts must be greater than 0 (rule "positive_amount"); the share is compared exactly, not rounded.
    """
    policy = PolicyParameters.of(params)
    if level not in LEVELS:
        raise InvalidInputError(f"level must be one of {', '.join(LEVELS)}", field="level", rule="known_level")
    base_amount = positive_money(base, "base")
    performance_amount = positive_money(performance, "performance")
    target = base_amount + performance_amount
    share = performance_amount / target
    floor = policy.min_performance_share[level]
    if share < floor:
        raise RuleViolationError(
            f"performance salary is {round_rate(share)} of base plus performance; "
            f"the policy requires at least {floor} for {level} managers",
            field="performance",
            rule="min_performance_share",
        )
    return PayPlan(level, base_amount, performance_amount, target, share, floor)


@dataclass(frozen=True)
class KnownTenure:
    """A tenure as the payroll service learned it from the contract side."""

    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    level: str
    status: str
    start: date
    end: date
    policy_id: UUID


def require_in_force(tenure: KnownTenure) -> None:
    """Pay is planned for a tenure in force: its agreement signed and the tenure activated."""
    if tenure.status != "active":
        raise RuleViolationError(
            f"tenure {tenure.tenure_id} is {tenure.status}: "
            "pay is planned for a tenure in force (signed and activated)",
            field="tenure_id",
            rule="tenure_in_force",
        )

