"""Observation periods (DOMAIN.md "Warnings and exit"; 004 §二(四) "年度排名末10%进入观察期", §四(二) "保留6-12个月
观察期，观察期内仍不达标则启动退出"): a yellow bottom-ranking warning opens one, from the day the appraisal became
final for `observation_months` calendar months. The committee concludes it at or after its end, met or not met;
a later final year below standard concludes it not met by rule first. Not met proposes an exit (basis
"observation"); met closes it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.dates import add_months
from shared.domain.inputs import require_choice, require_decision_makers, require_reason
from shared.domain.vocabulary import NOT_MET, OBSERVATION_OUTCOMES
from shared.errors import ConflictError, RuleViolationError

from .results import EXIT_PROPOSED, OBSERVATION_NOT_MET, Trigger

OBSERVATION_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/observation")
OBSERVATION = "observation"  # the basis of the exit proposal a period not met raises
BY_COMMITTEE, BY_RULE = "committee", "rule"


def observation_id(tenure_id: UUID | str, year: int) -> UUID:
    """One period per tenure and appraisal year: finalising again (a retry) cannot open a second."""
    return uuid5(OBSERVATION_NAMESPACE, f"{tenure_id}:{year}")


class ObservationPeriod(Aggregate):
    """A manager's observation period after a yellow warning, and how it was concluded."""

    @staticmethod
    def create_id(tenure_id: UUID, year: int, **_: Any) -> UUID:
        return observation_id(tenure_id, year)

    @classmethod
    def open(cls, tenure_id: UUID, manager_id: UUID, enterprise_id: UUID, appraisal_id: UUID, year: int,
             warning: Trigger, position: int | None, group_size: int | None, start: date,
             months: int) -> ObservationPeriod:
        """From `start` (the day the year's appraisal became final) to the same day `months` months later."""
        return cls(tenure_id=tenure_id, manager_id=manager_id, enterprise_id=enterprise_id, appraisal_id=appraisal_id,
                   year=year, start=start, end=add_months(start, months), months=months, reason=warning.reason,
                   position=position, group_size=group_size)

    @event("Opened")
    def __init__(self, tenure_id: UUID, manager_id: UUID, enterprise_id: UUID, appraisal_id: UUID, year: int,
                 start: date, end: date, months: int, reason: str, position: int | None,
                 group_size: int | None) -> None:
        self.tenure_id, self.manager_id, self.enterprise_id = tenure_id, manager_id, enterprise_id
        self.appraisal_id, self.year, self.start, self.end, self.months = appraisal_id, year, start, end, months
        self.reason, self.position, self.group_size = reason, position, group_size
        self.conclusion: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        """open, then met or not_met."""
        return "open" if self.conclusion is None else str(self.conclusion["outcome"])

    def conclude(self, outcome: str, reason: str, decided_on: date, decision_makers: list[str],
                 decision_ref: str | None, exit_proposal_id: UUID | None) -> None:
        """The committee's conclusion, at or after the end; once. `exit_proposal_id`: the proposal raised
        with it (not met, the tenure still running), else None."""
        self._check_open()
        require_choice(outcome, OBSERVATION_OUTCOMES, "outcome", "known_outcome")
        if decided_on < self.end:
            raise RuleViolationError(f"the observation period runs until {self.end}; it is concluded at or after "
                                     f"its end, not on {decided_on}", field="decided_on", rule="observation_not_ended")
        self._concluded(outcome=outcome, by=BY_COMMITTEE, reason=require_reason(reason), decided_on=decided_on,
                        decision_makers=require_decision_makers(decision_makers), decision_ref=decision_ref,
                        exit_proposal_id=exit_proposal_id if outcome == NOT_MET else None)

    def conclude_by_rule(self, why: str, on: date, appraisal_id: UUID, exit_proposal_id: UUID | None) -> None:
        """Not met: a later year's appraisal `appraisal_id`, final on `on`, is below standard again (`why`)."""
        self._check_open()
        self._concluded(outcome=NOT_MET, by=BY_RULE, reason=f"still below standard: {why}", decided_on=on,
                        decision_makers=[], decision_ref=f"appraisal:{appraisal_id}", exit_proposal_id=exit_proposal_id)

    def _check_open(self) -> None:
        if self.conclusion is not None:
            raise ConflictError(f"the observation period was concluded {self.status} on "
                                f"{self.conclusion['decided_on']}", field="outcome", rule="observation_concluded")

    @event("Concluded")
    def _concluded(self, outcome: str, by: str, reason: str, decided_on: date, decision_makers: list[str],
                   decision_ref: str | None, exit_proposal_id: UUID | None) -> None:
        self.conclusion = {"outcome": outcome, "by": by, "reason": reason, "decided_on": decided_on,
                           "decision_makers": list(decision_makers), "decision_ref": decision_ref,
                           "exit_proposal_id": exit_proposal_id}

    def exit_trigger(self) -> dict[str, Any]:
        """The trigger of the exit proposal a period not met raises: it names the period."""
        reason = (f"observation period {self.id} ({self.start} to {self.end}, after {self.reason}) "
                  f"concluded not met")
        trigger = asdict(Trigger(OBSERVATION_NOT_MET, EXIT_PROPOSED, reason))
        return {**trigger, "kpi_codes": [], "observation_period_id": str(self.id)}
