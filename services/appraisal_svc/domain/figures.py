"""Exact figures from input: every score, actual and rating is a Decimal, never a float."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from shared.decimals import to_decimal
from shared.errors import InvalidInputError

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def figure(value: Any, field: str) -> Decimal:
    """An exact, finite Decimal from a Decimal, an int or a numeric string; floats and bools are refused."""
    # A float has already lost exactness and a bool is an int by accident: neither is a figure here.
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise InvalidInputError(
            f"{field} must be a decimal given as a Decimal, an integer or a string, not {type(value).__name__}",
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


def optional_figure(value: Any, field: str) -> Decimal | None:
    return None if value is None else figure(value, field)


def count(value: Any, field: str, low: int = 1) -> int:
    """A whole number of years or times, at least `low`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidInputError(f"{field} must be an integer of at least {low}", field=field, rule="integer")
    return value
