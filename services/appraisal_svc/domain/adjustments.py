"""Bonus and deduction items added to an annual total (DOMAIN.md "Scoring rules": "plus capped bonus items
and minus deductions")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.errors import InvalidInputError

from .figures import figure

KINDS = ("bonus", "deduction")


@dataclass(frozen=True)
class Adjustment:
    """One item: `kind` bonus or deduction, a non-negative `amount` of points, and why."""

    kind: str
    amount: Decimal
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "amount": self.amount, "reason": self.reason}


def adjustments_of(items: Iterable[Adjustment | tuple[str, Any, str]]) -> tuple[Adjustment, ...]:
    """Checked items from `Adjustment`s or (kind, amount, reason) tuples."""
    return tuple(_checked(item, index) for index, item in enumerate(items))


def _checked(item: Adjustment | tuple[str, Any, str], index: int) -> Adjustment:
    at = f"adjustments.{index}"
    if isinstance(item, Adjustment):
        kind, amount, reason = item.kind, item.amount, item.reason
    elif isinstance(item, tuple) and len(item) == 3:
        kind, amount, reason = item
    else:
        raise InvalidInputError(f"{at} must be (kind, amount, reason)", field=at, rule="adjustment")
    if kind not in KINDS:
        raise InvalidInputError(
            f"{at}.kind must be bonus or deduction; got {kind!r}", field=f"{at}.kind", rule="adjustment_kind"
        )
    value = figure(amount, f"{at}.amount")
    if value < 0:
        raise InvalidInputError(f"{at}.amount must not be negative", field=f"{at}.amount", rule="non_negative")
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInputError(f"{at}.reason is required", field=f"{at}.reason", rule="reason_required")
    return Adjustment(kind, value, reason.strip())
