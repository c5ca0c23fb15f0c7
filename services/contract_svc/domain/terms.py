"""What an appointment agreement fixes before it is signed: term, probation, duties, pay (002 §二(三))."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError

from .dates import last_day_within_years
from shared.domain.inputs import require_int, require_text
from shared.domain.parameters import PolicyParameters
from .pay import Pay, check_pay

_TEXTS = ("duties", "rights_obligations", "exit_rules", "accountability")


@dataclass(frozen=True)
class AgreementTerms:
    duties: str
    rights_obligations: str
    pay: Pay
    exit_rules: str
    accountability: str

    @classmethod
    def from_normalised(cls, values: Mapping[str, Any]) -> AgreementTerms:
        return cls(**{**values, "pay": Pay.from_normalised(values["pay"])})

    def to_dict(self) -> dict[str, Any]:
        return {**{name: getattr(self, name) for name in _TEXTS}, "pay": self.pay.to_dict()}


def check_terms(raw: Any, level: str, params: PolicyParameters) -> dict[str, Any]:
    """The agreement's terms, every text required and the pay plan within policy."""
    if not isinstance(raw, Mapping):
        raise InvalidInputError("agreement must be an object", field="agreement", rule="agreement_object")
    unknown = sorted(set(raw) - {*_TEXTS, "pay"})
    if unknown:
        raise InvalidInputError(
            f"agreement has unknown keys: {', '.join(unknown)}",
            field=f"agreement.{unknown[0]}",
            rule="known_key",
        )
    texts = {name: require_text(raw.get(name), f"agreement.{name}") for name in _TEXTS}
    return {**texts, "pay": check_pay(raw.get("pay"), level, params, at="agreement.pay")}


def check_term_dates(start: date, end: date, level: str, params: PolicyParameters) -> None:
    """A term runs min..max years; a professional manager's at most its own maximum and no minimum."""
    if end <= start:
        raise RuleViolationError(f"the term ends ({end}) before it starts ({start})", field="end", rule="term_dates")
    professional = level == "professional"
    longest = params.max_professional_tenure_years if professional else params.max_tenure_years
    latest = last_day_within_years(start, longest)
    if end > latest:
        raise RuleViolationError(
            f"a term starting {start} runs at most {longest} years, to {latest}; this one ends {end}",
            field="end",
            rule="tenure_length",
        )
    shortest = params.min_tenure_years
    earliest = last_day_within_years(start, shortest)
    if not professional and end < earliest:
        raise RuleViolationError(
            f"a term starting {start} runs at least {shortest} years, to {earliest}; this one ends {end}",
            field="end",
            rule="tenure_length",
        )


def check_probation(months: int | None, level: str, params: PolicyParameters) -> int | None:
    """Probation is for professional managers only (002 职业经理人 §四(一)1); 0 means none."""
    if months is None or require_int(months, "probation_months") == 0:
        return None
    if level != "professional":
        raise RuleViolationError(
            "only a professional manager's appointment may set a probation period",
            field="probation_months",
            rule="probation_professional_only",
        )
    if not 0 < months <= params.max_probation_months:
        raise RuleViolationError(
            f"probation runs 1 to {params.max_probation_months} months; got {months}",
            field="probation_months",
            rule="max_probation_months",
        )
    return months
