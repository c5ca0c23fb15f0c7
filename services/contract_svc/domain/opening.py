"""Opening a tenure: position, term, probation, agreement terms and the number of consecutive terms."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from shared.errors import InvalidInputError, RuleViolationError

from shared.domain.inputs import require_choice, require_date, require_decision_ref, require_int, require_reason
from shared.domain.parameters import PolicyParameters
from .terms import check_probation, check_term_dates, check_terms
from shared.domain.vocabulary import LEVELS, POSITIONS

if TYPE_CHECKING:
    from .tenure import Tenure


class OpeningCommands:
    @classmethod
    def open(
        cls: type[Tenure],
        *,
        manager_id: UUID,
        enterprise_id: UUID,
        position: str,
        level: str,
        policy_id: UUID,
        policy_version: int,
        params: PolicyParameters,
        start: date,
        end: date,
        agreement: dict[str, Any],
        term_number: int = 1,
        previous_tenure_id: UUID | None = None,
        probation_months: int | None = None,
        limit_decision_ref: str | None = None,
        limit_reason: str | None = None,
    ) -> Tenure:
        """A draft tenure; `params` are those of `policy_version` of policy `policy_id`.

        A term past the policy's max_consecutive_terms needs `limit_decision_ref` and `limit_reason`.
        """
        require_choice(position, POSITIONS, "position", "known_position")
        require_choice(level, LEVELS, "level", "known_level")
        if require_int(policy_version, "policy_version") < 1:
            raise InvalidInputError("policy_version starts at 1", field="policy_version", rule="known_policy_version")
        check_term_dates(require_date(start, "start"), require_date(end, "end"), level, params)
        if require_int(term_number, "term_number") < 1 or (previous_tenure_id is not None and term_number < 2):
            raise InvalidInputError(
                "term_number is 1 for a first tenure and at least 2 for one following another",
                field="term_number",
                rule="term_number",
            )
        return cls(
            manager_id=manager_id,
            enterprise_id=enterprise_id,
            position=position,
            level=level,
            policy_id=policy_id,
            policy_version=policy_version,
            start=start,
            end=end,
            term_number=term_number,
            previous_tenure_id=previous_tenure_id,
            probation_months=check_probation(probation_months, level, params),
            agreement=check_terms(agreement, level, params),
            beyond_term_limit=beyond_term_limit(term_number, params, limit_decision_ref, limit_reason),
        )


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
