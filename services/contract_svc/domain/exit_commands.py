"""Tenure commands on its early end and final result (002 §四(四), 004 §四), and what their events change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from shared.errors import InvalidInputError, RuleViolationError

from shared.domain.inputs import (
    optional_text,
    parse_decimal,
    require_choice,
    require_date,
    require_decision_makers,
    require_decision_ref,
    require_not_before,
    require_reason,
    require_text,
)
from .records import ExitDecision, TenureAppraisal, Termination
from shared.domain.vocabulary import GRADES

if TYPE_CHECKING:
    from .tenure import Tenure

EXIT_MODES = ("rigid_exit", "flexible_adjustment")
EXIT_OUTCOMES = ("exit", "flexible_adjustment", "declined")


class ExitCommands:
    def terminate(
        self: Tenure,
        reason: str,
        mode: str,
        decision_makers: list[str],
        decided_on: date,
        effective_on: date,
        decision_ref: str,
    ) -> None:
        """End the tenure early by a recorded decision: rigid exit or flexible adjustment."""
        self.require_running("terminate")
        require_date(decided_on, "decided_on")
        require_not_before(require_date(effective_on, "effective_on"), decided_on, "effective_on", "the decision on")
        if not self.start <= effective_on <= self.end:
            raise RuleViolationError(
                f"a termination takes effect within the term {self.start}..{self.end}; got {effective_on}",
                field="effective_on",
                rule="within_term",
            )
        self._terminated(
            reason=require_reason(reason),
            mode=require_choice(mode, EXIT_MODES, "mode", "known_exit_mode"),
            decision_makers=require_decision_makers(decision_makers),
            decided_on=decided_on,
            effective_on=effective_on,
            decision_ref=require_decision_ref(decision_ref),
        )

    def receive_exit_proposal(
        self: Tenure, proposal_id: str, year: int, basis: str, triggers: list[dict[str, Any]], proposed_on: date
    ) -> None:
        """An exit proposed by the appraisal rules; it waits for a recorded decision. A repeat is ignored."""
        if proposal_id in self.exit_proposals:
            return
        self._exit_proposal_received(
            proposal_id=proposal_id, year=year, basis=basis, triggers=triggers, proposed_on=proposed_on
        )

    def decide_exit_proposal(
        self: Tenure,
        proposal_id: UUID | str,
        outcome: str,
        reason: str | None,
        decision_makers: list[str],
        decided_on: date,
        decision_ref: str | None = None,
    ) -> None:
        """Record the decision on an exit proposal; "exit" or "flexible_adjustment" ends a running tenure."""
        proposal = require_text(str(proposal_id), "proposal_id")
        if proposal not in self.exit_proposals:
            raise RuleViolationError(
                f"no exit proposal {proposal} was received for this tenure",
                field="proposal_id",
                rule="known_proposal",
            )
        if proposal in self.exit_decisions:
            raise RuleViolationError(
                f"exit proposal {proposal} is already decided",
                field="proposal_id",
                rule="proposal_already_decided",
            )
        require_choice(outcome, EXIT_OUTCOMES, "outcome", "known_exit_outcome")
        self._exit_proposal_decided(
            proposal_id=proposal,
            outcome=outcome,
            reason=require_reason(reason) if outcome == "declined" else optional_text(reason, "reason"),
            decision_makers=require_decision_makers(decision_makers),
            decided_on=require_date(decided_on, "decided_on"),
            decision_ref=optional_text(decision_ref, "decision_ref"),
            # A decision taken after the tenure ended is kept on record but ends nothing.
            ends_tenure=outcome != "declined" and self.status != "ended",
        )

    def record_tenure_appraisal(
        self: Tenure,
        score: Decimal | str,
        grade: str,
        final_on: date,
        reference: str | None = None,
        correction_reason: str | None = None,
    ) -> None:
        """Keep the final tenure appraisal result; a later one corrects it and must say why."""
        score = parse_decimal(score, "score")
        if score < 0:
            raise InvalidInputError("score must not be negative", field="score", rule="score_range")
        correcting = self.tenure_appraisal is not None
        self._tenure_appraisal_recorded(
            score=score,
            grade=require_choice(grade, GRADES, "grade", "known_grade"),
            final_on=require_date(final_on, "final_on"),
            reference=optional_text(reference, "reference"),
            correction_reason=require_reason(correction_reason, "correction_reason") if correcting else None,
        )


# What each event changes; Tenure binds these as its events. They only assign: replay runs them again.


def terminated(
    self: Tenure,
    reason: str,
    mode: str,
    decision_makers: list[str],
    decided_on: date,
    effective_on: date,
    decision_ref: str,
) -> None:
    makers = tuple(decision_makers)
    self.termination = Termination(reason, mode, makers, decided_on, effective_on, decision_ref, None)
    self.status, self.ended_reason, self.ended_on = "ended", "terminated", effective_on


def exit_proposal_received(
    self: Tenure, proposal_id: str, year: int, basis: str, triggers: list[dict[str, Any]], proposed_on: date
) -> None:
    proposal = {"proposal_id": proposal_id, "year": year, "basis": basis, "triggers": triggers, "proposed_on": proposed_on}
    self.exit_proposals = {**self.exit_proposals, proposal_id: proposal}


def exit_proposal_decided(
    self: Tenure,
    proposal_id: str,
    outcome: str,
    reason: str | None,
    decision_makers: list[str],
    decided_on: date,
    decision_ref: str | None,
    ends_tenure: bool,
) -> None:
    makers = tuple(decision_makers)
    decision = ExitDecision(proposal_id, outcome, reason, makers, decided_on, decision_ref)
    self.exit_decisions = {**self.exit_decisions, proposal_id: decision}
    if ends_tenure:
        mode = "rigid_exit" if outcome == "exit" else "flexible_adjustment"
        self.termination = Termination(reason, mode, makers, decided_on, decided_on, decision_ref, proposal_id)
        self.status, self.ended_reason, self.ended_on = "ended", "terminated", decided_on


def tenure_appraisal_recorded(
    self: Tenure,
    score: Decimal,
    grade: str,
    final_on: date,
    reference: str | None,
    correction_reason: str | None,
) -> None:
    self.tenure_appraisal = TenureAppraisal(score, grade, final_on, reference, correction_reason)
