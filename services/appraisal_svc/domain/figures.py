"""Exact figures from input: every score, actual and rating is a Decimal, never a float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.decimals import parse_decimal as figure
from shared.errors import InvalidInputError

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def optional_figure(value: Any, field: str) -> Decimal | None:
    return None if value is None else figure(value, field)


def count(value: Any, field: str, low: int = 1) -> int:
    """A whole number of years or times, at least `low`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidInputError(f"{field} must be an integer of at least {low}", field=field, rule="integer")
    return value
