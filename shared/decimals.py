"""The one place where money, scores and rates are rounded (ROUND_HALF_UP, never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from shared.errors import InvalidInputError

CENT = Decimal("0.01")
RATE = Decimal("0.0001")


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Exact conversion; a float is refused because it has already lost the cents."""
    if isinstance(value, float):
        raise TypeError("floats are not accepted for money or scores; pass a string")
    return value if isinstance(value, Decimal) else Decimal(value)


def round_money(value: Decimal) -> Decimal:
    """CNY to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_score(value: Decimal) -> Decimal:
    """Scores and totals to 2 decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_rate(value: Decimal) -> Decimal:
    """Completion rates and coefficients to 4 decimals."""
    return value.quantize(RATE, rounding=ROUND_HALF_UP)


def parse_decimal(value: Any, field: str) -> Decimal:
    """An exact, finite Decimal from input: a Decimal, an int or a numeric string; floats and bools refused."""
    # A float has already lost exactness and a bool is an int by accident: neither is a figure here.
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInputError(
            f"{field} must be a decimal given as a string or an integer, not {type(value).__name__}",
            field=field,
            rule="decimal",
        )
    try:
        result = to_decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidInputError(f"{field} is not a number: {value!r}", field=field, rule="decimal") from None
    if not result.is_finite():
        raise InvalidInputError(f"{field} must be a finite number", field=field, rule="decimal")
    return result
