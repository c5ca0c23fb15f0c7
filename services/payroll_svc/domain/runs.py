"""A monthly base run over an enterprise's pay accounts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from shared.errors import RuleViolationError

T = TypeVar("T")


def require_covered(running: Sequence[T], period: str) -> Sequence[T]:
    """The accounts whose tenure runs in the period; a run that pays no tenure at all is refused."""
    if not running:
        raise RuleViolationError(f"no planned tenure of the enterprise runs in {period}", field="period",
                                 rule="period_within_tenure")
    return running
