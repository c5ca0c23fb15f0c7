"""Opening a tenure: position, term, probation, agreement terms and the number of consecutive terms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from shared.domain.inputs import require_choice, require_date, require_decision_ref, require_int, require_reason
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import LEVELS, POSITIONS
from shared.errors import InvalidInputError, RuleViolationError

from .terms import check_probation, check_term_dates, check_terms


@dataclass(frozen=True)
class Opening:
    """What a tenure is opened with, as asked; `policy_version` is the version of `policy_id` in force at `start`.

    A term past the policy's max_consecutive_terms needs `limit_decision_ref` and `limit_reason`.
    """

    manager_id: UUID
    enterprise_id: UUID
    position: str
    level: str
    policy_id: UUID
    policy_version: int
    start: date
    end: date
    agreement: Mapping[str, Any]
    probation_months: int | None = None
    limit_decision_ref: str | None = None
    limit_reason: str | None = None


def opened(o: Opening, params: PolicyParameters, term_number: int, previous_tenure_id: UUID | None) -> dict[str, Any]:
    """The attributes of `Tenure.Opened`, every input checked against `params`."""
    require_choice(o.position, POSITIONS, "position", "known_position")
    require_choice(o.level, LEVELS, "level", "known_level")
    if require_int(o.policy_version, "policy_version") < 1:
        raise InvalidInputError("policy_version starts at 1", field="policy_version", rule="known_policy_version")
    check_term_dates(require_date(o.start, "start"), require_date(o.end, "end"), o.level, params)
    if require_int(term_number, "term_number") < 1 or (previous_tenure_id is not None and term_number < 2):
        raise InvalidInputError(
            "term_number is 1 for a first tenure and at least 2 for one following another",
            field="term_number",
            rule="term_number",
        )
    return {
        "manager_id": o.manager_id, "enterprise_id": o.enterprise_id, "position": o.position, "level": o.level,
        "policy_id": o.policy_id, "policy_version": o.policy_version, "start": o.start, "end": o.end,
        "term_number": term_number, "previous_tenure_id": previous_tenure_id,
        "probation_months": check_probation(o.probation_months, o.level, params),
        "agreement": check_terms(o.agreement, o.level, params),
        "beyond_term_limit": beyond_term_limit(term_number, params, o.limit_decision_ref, o.limit_reason),
    }


def beyond_term_limit(
    term_number: int, params: PolicyParameters, decision_ref: str | None, reason: str | None
) -> dict[str, str] | None:
    """The decision that allows a term past the policy's maximum (002 §五(一)); None within it."""
    if term_number <= params.max_consecutive_terms:
        return None
    if not decision_ref:
        raise RuleViolationError(
            f"term {term_number} exceeds the policy's {params.max_consecutive_terms} consecutive terms; "
            "only a recorded decision with a reason allows it",
            field="term_number",
            rule="max_consecutive_terms",
        )
    return {
        "decision_ref": require_decision_ref(decision_ref, "limit_decision_ref"),
        "reason": require_reason(reason, "limit_reason"),
    }
