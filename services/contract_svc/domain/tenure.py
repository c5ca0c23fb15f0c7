"""A manager's tenure with its appointment agreement and performance letters (DOMAIN.md Lifecycle 2, 3, 7)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .agreement import AgreementCommands, activated, agreement_approved, agreement_reviewed, agreement_signed
from .exit_commands import (
    ExitCommands,
    exit_proposal_decided,
    exit_proposal_received,
    tenure_appraisal_recorded,
    terminated,
)
from .letter_commands import LetterCommands, letter_issued, letter_revised, letter_signed
from .letters import Letter
from .opening import OpeningCommands
from .records import Approval, ExitDecision, Extension, Review, Signature, TenureAppraisal, Termination
from .renewal import RenewalCommands, renewed
from .term_commands import TermCommands, closed, term_extended
from .terms import AgreementTerms


class Tenure(
    OpeningCommands,
    AgreementCommands,
    LetterCommands,
    TermCommands,
    RenewalCommands,
    ExitCommands,
    Aggregate,
):
    """Status: draft → reviewed → approved → signed → active → ended (expired, renewed or terminated).

    The commands live in the mixins, by subject. Each event's state change is written next to the command
    that triggers it and bound here, so that every event class is `Tenure.<Name>`.
    """

    @event("Opened")
    def __init__(
        self,
        manager_id: UUID,
        enterprise_id: UUID,
        position: str,
        level: str,
        policy_id: UUID,
        policy_version: int,
        start: date,
        end: date,
        term_number: int,
        previous_tenure_id: UUID | None,
        probation_months: int | None,
        agreement: dict[str, Any],
        beyond_term_limit: dict[str, str] | None,
    ) -> None:
        self.manager_id, self.enterprise_id = manager_id, enterprise_id
        self.position, self.level = position, level
        self.policy_id, self.policy_version = policy_id, policy_version
        self.start, self.end, self.original_end = start, end, end
        self.term_number, self.previous_tenure_id = term_number, previous_tenure_id
        self.probation_months = probation_months
        self.terms = AgreementTerms.from_normalised(agreement)
        self.beyond_term_limit = None if beyond_term_limit is None else dict(beyond_term_limit)
        self.status = "draft"
        self.pre_review: Review | None = None
        self.approval: Approval | None = None
        self.agreement_signatures: tuple[Signature, ...] = ()
        self.activated_on: date | None = None
        self.letters: dict[str, Letter] = {}
        self.extensions: tuple[Extension, ...] = ()
        self.next_tenure_id: UUID | None = None
        self.ended_reason: str | None = None
        self.ended_on: date | None = None
        self.termination: Termination | None = None
        self.exit_proposals: dict[str, dict[str, Any]] = {}
        self.exit_decisions: dict[str, ExitDecision] = {}
        self.tenure_appraisal: TenureAppraisal | None = None

    _reviewed = event("AgreementReviewed")(agreement_reviewed)
    _approved = event("AgreementApproved")(agreement_approved)
    _agreement_signed = event("AgreementSigned")(agreement_signed)
    _activated = event("Activated")(activated)
    _letter_issued = event("LetterIssued")(letter_issued)
    _letter_signed = event("LetterSigned")(letter_signed)
    _letter_revised = event("LetterRevised")(letter_revised)
    _extended = event("TermExtended")(term_extended)
    _closed = event("Closed")(closed)
    _renewed = event("Renewed")(renewed)
    _terminated = event("Terminated")(terminated)
    _exit_proposal_received = event("ExitProposalReceived")(exit_proposal_received)
    _exit_proposal_decided = event("ExitProposalDecided")(exit_proposal_decided)
    _tenure_appraisal_recorded = event("TenureAppraisalRecorded")(tenure_appraisal_recorded)
