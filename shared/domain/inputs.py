"""Checks of raw command input shared by the aggregates of every service; each error names its field."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from shared.decimals import parse_decimal  # noqa: F401 - re-exported for the domains
from shared.errors import InvalidInputError, RuleViolationError


def require_text(value: Any, field: str) -> str:
    """A non-blank string, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{field} is required and must be text", field=field, rule="required")
    return value.strip()


def optional_text(value: Any, field: str) -> str | None:
    """Text or nothing; a blank string counts as nothing."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return require_text(value, field)


def require_choice(value: Any, choices: Collection[str], field: str, rule: str) -> str:
    if value not in choices:
        raise InvalidInputError(f"{field} must be one of {', '.join(choices)}; got {value!r}", field=field, rule=rule)
    return str(value)


def require_int(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{field} must be an integer", field=field, rule="integer")
    return value


def require_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{field} must be true or false", field=field, rule="boolean")
    return value


def require_date(value: Any, field: str) -> date:
    """A calendar date; a datetime is refused because business dates carry no time."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInputError(f"{field} must be a date", field=field, rule="date")
    return value


def require_reason(value: Any, field: str = "reason") -> str:
    """The reason a rule demands for a change (DOMAIN.md: every correction says why)."""
    if not isinstance(value, str) or not value.strip():
        raise RuleViolationError(f"{field} is required for this change", field=field, rule="reason_required")
    return value.strip()


def require_decision_ref(value: Any, field: str = "decision_ref") -> str:
    """The reference of the recorded decision that a rule demands."""
    if not isinstance(value, str) or not value.strip():
        raise RuleViolationError(
            "this change needs a recorded decision: give its reference", field=field, rule="recorded_decision"
        )
    return value.strip()


def require_decision_makers(value: Any, field: str = "decision_makers") -> list[str]:
    """The non-empty list of the people or bodies who took a decision."""
    if not isinstance(value, list) or not value:
        raise RuleViolationError(
            "a decision is recorded with its decision makers", field=field, rule="decision_makers_required"
        )
    return [require_text(name, f"{field}.{index}") for index, name in enumerate(value)]


def require_not_before(later: date, earlier: date | None, field: str, earlier_name: str) -> None:
    """Refuse a date that precedes the step it follows."""
    if earlier is not None and later < earlier:
        raise RuleViolationError(f"{field} {later} is before {earlier_name} {earlier}", field=field, rule="date_order")
