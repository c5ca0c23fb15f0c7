"""The one place where money, scores and rates are rounded (ROUND_HALF_UP, never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
