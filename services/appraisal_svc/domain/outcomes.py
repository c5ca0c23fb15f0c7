"""What an appraisal leads to beyond its year: the tenure appraisal, and exit proposals for a decision."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from .tenure import appraise_tenure

OUTCOME_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/outcomes")


class TenureAppraisal(Aggregate):
    """The tenure appraisal, done with the final year's annual appraisal (DOMAIN.md "Tenure appraisal")."""

    @staticmethod
    def create_id(tenure_id: UUID, **_: Any) -> UUID:
        return uuid5(OUTCOME_NAMESPACE, f"tenure:{tenure_id}")

    @classmethod
    def appraise(cls, tenure_id: UUID, manager_id: UUID, annual_totals: dict[int, Any], parameters: dict[str, Any],
                 policy_id: UUID, policy_version: int, final_on: date) -> TenureAppraisal:
        result = appraise_tenure(annual_totals, parameters)
        return cls(tenure_id=tenure_id, manager_id=manager_id, policy_id=policy_id, policy_version=policy_version,
                   final_on=final_on, result=_plain(asdict(result)))

    @event("Recorded")
    def __init__(self, tenure_id: UUID, manager_id: UUID, policy_id: UUID, policy_version: int, final_on: date,
                 result: dict[str, Any]) -> None:
        self.tenure_id, self.manager_id = tenure_id, manager_id
        self.policy_id, self.policy_version, self.final_on = policy_id, policy_version, final_on
        self.result = result


class ExitProposal(Aggregate):
    """An exit proposed by the rules; it is not an exit until the contract side records a decision."""

    @staticmethod
    def create_id(tenure_id: UUID, year: int, basis: str, **_: Any) -> UUID:
        return uuid5(OUTCOME_NAMESPACE, f"exit:{tenure_id}:{year}:{basis}")

    @event("Proposed")
    def __init__(self, tenure_id: UUID, year: int, basis: str, manager_id: UUID, triggers: list[dict[str, Any]],
                 proposed_on: date) -> None:
        self.tenure_id, self.year, self.basis, self.manager_id = tenure_id, year, basis, manager_id
        self.triggers, self.proposed_on = triggers, proposed_on
        self.decision: dict[str, Any] | None = None

    def record_decision(self, outcome: str, reason: str | None, decided_on: date) -> None:
        if self.decision is None:
            self._decided(outcome=outcome, reason=reason, decided_on=decided_on)

    @event("Decided")
    def _decided(self, outcome: str, reason: str | None, decided_on: date) -> None:
        self.decision = {"outcome": outcome, "reason": reason, "decided_on": decided_on}


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Tuples of (year, total) pairs become a mapping an event can carry."""
    totals = values.get("annual_totals")
    if totals is not None:
        values["annual_totals"] = {str(year): total for year, total in totals}
    return values
