"""Exact figures from input: money, scores and rates are Decimals, never floats, parsed in one way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from shared.decimals import CENT, parse_decimal, round_money
from shared.errors import InvalidInputError, RuleViolationError

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
NO_MONEY = Decimal("0.00")  # zero yuan, to the cent like every amount


def figure(value: Any, field: str) -> Decimal:
    """Any exact number (a score, a rate, a coefficient); floats and bools refused."""
    return parse_decimal(value, field)


def money(value: Any, field: str) -> Decimal:
    """An amount in yuan, not negative, to the cent at most."""
    amount = _cents(value, field)
    if amount < 0:
        raise RuleViolationError(f"{field} must not be negative: {amount}", field=field, rule="non_negative_amount")
    return amount


def require_amounts(**amounts: Any) -> None:
    """Each amount is money: not negative, to the cent at most."""
    for field, amount in amounts.items():
        money(amount, field)


def positive_money(value: Any, field: str) -> Decimal:
    """An amount in yuan, greater than 0, to the cent at most."""
    amount = _cents(value, field)
    if amount <= 0:
        raise RuleViolationError(f"{field} must be greater than 0: {amount}", field=field, rule="positive_amount")
    return amount


def required_text(value: Any, field: str) -> str:
    """A non-blank string: a reason, a reference."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{field} is required", field=field, rule=f"{field}_required")
    return value.strip()


def _cents(value: Any, field: str) -> Decimal:
    amount = parse_decimal(value, field)
    try:
        exact = amount == amount.quantize(CENT)
    except InvalidOperation:  # more digits than the context holds: no amount of money
        exact = False
    if not exact:
        raise InvalidInputError(f"{field} must be in yuan to the cent at most: {amount}", field=field, rule="money")
    return round_money(amount)  # exact already: only written to the cent, as every amount is
