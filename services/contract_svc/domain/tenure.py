"""A manager's tenure (Lifecycle 2, 7): draft → reviewed → approved → signed → active → ended; letters are aggregates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from shared.domain import inputs as i
from shared.domain.parameters import PolicyParameters

from . import exit_rules as exits, expiry, tenure_rules as rules
from .opening import Opening, opened
from .records import Approval, ExitDecision, ExitProposal, Extension, RemovalByRule, Review, Signature, TenureAppraisal
from .records import Termination, signed_by_both
from .terms import AgreementTerms


class Tenure(Aggregate):
    @classmethod
    def open(cls, *, params: PolicyParameters, term_number: int = 1, previous_tenure_id: UUID | None = None,
             **opening: Any) -> Tenure:
        """A draft tenure; `opening` names the fields of `Opening`, `params` those of its policy version."""
        return cls(**opened(Opening(**opening), params, term_number, previous_tenure_id))

    @event("Opened")
    def __init__(self, manager_id: UUID, enterprise_id: UUID, position: str, level: str, policy_id: UUID,
                 policy_version: int, start: date, end: date, term_number: int, previous_tenure_id: UUID | None,
                 probation_months: int | None, agreement: dict[str, Any], beyond_term_limit: dict[str, str] | None,
                 ) -> None:  # fmt: skip
        self.manager_id, self.enterprise_id, self.position, self.level = manager_id, enterprise_id, position, level
        self.policy_id, self.policy_version = policy_id, policy_version
        self.start, self.end, self.original_end = start, end, end
        self.term_number, self.previous_tenure_id = term_number, previous_tenure_id
        self.probation_months = probation_months
        self.terms = AgreementTerms.from_normalised(agreement)
        self.beyond_term_limit = None if beyond_term_limit is None else dict(beyond_term_limit)
        self.status, self.activated_on, self.expiry_warned_on = "draft", None, None
        self.pre_review: Review | None = None
        self.approval: Approval | None = None
        self.agreement_signatures: tuple[Signature, ...] = ()
        self.extensions: tuple[Extension, ...] = ()
        self.next_tenure_id: UUID | None = None
        self.ended_reason: str | None = None
        self.ended_on: date | None = None
        self.termination: Termination | None = None
        self.exit_decisions: dict[str, ExitDecision] = {}
        self.tenure_appraisal: TenureAppraisal | None = None

    def review(self, reviewer: str, reference: str, reviewed_on: date) -> None:
        """Record the party committee's pre-review of the draft."""
        rules.require_status(self, "draft", "review")
        self._reviewed(reviewer=i.require_text(reviewer, "reviewer"), reference=i.require_text(reference, "reference"),
                       reviewed_on=i.require_date(reviewed_on, "reviewed_on"))

    @event("AgreementReviewed")
    def _reviewed(self, reviewer: str, reference: str, reviewed_on: date) -> None:
        self.pre_review, self.status = Review(reviewer, reference, reviewed_on), "reviewed"

    def approve(self, decision_ref: str, approved_on: date) -> None:
        """Record the decision ("三重一大") that approves the reviewed agreement."""
        rules.require_status(self, "reviewed", "approve")
        assert self.pre_review is not None  # status "reviewed" guarantees it
        i.require_not_before(i.require_date(approved_on, "approved_on"), self.pre_review.reviewed_on, "approved_on",
                             "the review on")
        self._approved(decision_ref=i.require_decision_ref(decision_ref), approved_on=approved_on)

    @event("AgreementApproved")
    def _approved(self, decision_ref: str, approved_on: date) -> None:
        self.approval, self.status = Approval(decision_ref, approved_on), "approved"

    def sign(self, signer_name: str, signer_role: str, party: str, signed_on: date) -> None:
        """One party signs; the enterprise's signer must have been checked against Enterprise first."""
        self._agreement_signed(**rules.agreement_signature(self, signer_name, signer_role, party, signed_on))

    @event("AgreementSigned")
    def _agreement_signed(self, party: str, signer_name: str, signer_role: str, signed_on: date) -> None:
        self.agreement_signatures = (*self.agreement_signatures, Signature(party, signer_name, signer_role, signed_on))
        if signed_by_both(self.agreement_signatures):
            self.status = "signed"

    def activate(self, on: date) -> None:
        """Put the signed agreement in force, on a day of its term."""
        self._activated(on=rules.activation(self, on))

    @event("Activated")
    def _activated(self, on: date) -> None:
        self.activated_on, self.status = on, "active"

    def extend(self, new_end: date, decision_ref: str, reason: str, decided_on: date, params: PolicyParameters) -> None:
        """Move the end later by a recorded decision with a reason (002 §五(一)), within the policy."""
        rules.require_running(self, "extend the term")
        self._extended(**rules.extension(self, new_end, decision_ref, reason, decided_on, params))

    @event("TermExtended")
    def _extended(self, previous_end: date, new_end: date, decision_ref: str, reason: str, decided_on: date) -> None:
        self.extensions = (*self.extensions, Extension(previous_end, new_end, decision_ref, reason, decided_on))
        self.end = new_end

    @classmethod
    def renew(cls, previous: Tenure, *, params: PolicyParameters, position: str | None = None,
              level: str | None = None, **opening: Any) -> Tenure:
        """The next term of `previous` under a new agreement; `previous` records it, so save both."""
        rules.check_renewable(previous, opening["start"])
        renewal = cls.open(params=params, term_number=previous.term_number + 1, previous_tenure_id=previous.id,
                           manager_id=previous.manager_id, enterprise_id=previous.enterprise_id,
                           position=position or previous.position, level=level or previous.level, **opening)
        previous.record_renewal(renewal.id)
        return renewal

    def record_renewal(self, next_tenure_id: UUID) -> None:
        """Note the tenure that renews this one; at its end it then closes as "renewed", not "expired"."""
        rules.require_running(self, "renew")
        rules.require_not_renewed(self)
        self._renewed(next_tenure_id=next_tenure_id)

    @event("Renewed")
    def _renewed(self, next_tenure_id: UUID) -> None:
        self.next_tenure_id = next_tenure_id

    def warn_expiry(self, as_of: date, params: PolicyParameters) -> bool:
        """Record, once, that the term ends within the policy's warning window on `as_of` (expiry.py)."""
        if warning := expiry.expiry_warning(self, as_of, params):
            self._expiry_warned(**warning)
        return warning is not None

    @event("ExpiryWarned")
    def _expiry_warned(self, warned_on: date, end: date, days_left: int, window_days: int) -> None:
        self.expiry_warned_on = warned_on

    def close_if_expired(self, as_of: date) -> bool:
        """End an active tenure whose term is over on `as_of`: "renewed", or else "expired" (自然免职)."""
        if self.status != "active" or self.end >= i.require_date(as_of, "as_of"):
            return False
        self._closed(reason="renewed" if self.next_tenure_id else "expired", ended_on=self.end, noted_on=as_of)
        return True

    @event("Closed")
    def _closed(self, reason: str, ended_on: date, noted_on: date) -> None:
        self.status, self.ended_reason, self.ended_on = "ended", reason, ended_on

    def terminate(self, reason: str, mode: str, decision_makers: list[str], decided_on: date, effective_on: date,
                  decision_ref: str) -> None:
        """End the tenure early by a recorded decision: rigid exit or flexible adjustment."""
        rules.require_running(self, "terminate")
        self._terminated(**exits.termination(self, reason, mode, decision_makers, decided_on, effective_on, decision_ref))

    @event("Terminated")
    def _terminated(self, reason: str, mode: str, decision_makers: list[str], decided_on: date, effective_on: date,
                    decision_ref: str) -> None:
        self.termination = Termination(reason, mode, tuple(decision_makers), decided_on, effective_on, decision_ref, None)
        self.status, self.ended_reason, self.ended_on = "ended", "terminated", effective_on

    def decide_exit_proposal(self, proposal_id: UUID | str, received: ExitProposal | None, outcome: str,
                             reason: str | None, decision_makers: list[str], decided_on: date,
                             decision_ref: str | None = None, effective_on: date | None = None,
                             for_cause: bool | None = None) -> None:
        """Decide on the appraisal side's proposal `received`: an exit or adjustment ends a running tenure."""
        decision = exits.exit_decision(self, str(proposal_id), received, outcome, reason, decision_makers, decided_on,
                                       decision_ref, effective_on, for_cause)
        self._exit_proposal_decided(**decision)

    def remove_by_rule(self, proposal: ExitProposal, policy_version: int, params: PolicyParameters) -> bool:
        """一重's automatic removal, decided by its rule on the proposal received (exit_rules.removal_by_rule)."""
        if decision := exits.removal_by_rule(self, proposal, policy_version, params):
            self._exit_proposal_decided(**decision)
        return decision is not None

    @event("ExitProposalDecided")
    def _exit_proposal_decided(self, proposal_id: str, outcome: str, reason: str | None, decision_makers: list[str],
                               decided_on: date, decision_ref: str | None, ends_tenure: bool,
                               effective_on: date | None = None,  # recorded without it: the decision's day
                               by_rule: dict[str, Any] | None = None) -> None:  # an automatic removal's rule
        decision = ExitDecision(proposal_id, outcome, reason, tuple(decision_makers), decided_on, decision_ref,
                                effective_on or decided_on, RemovalByRule.recorded(by_rule))
        self.exit_decisions = {**self.exit_decisions, proposal_id: decision}
        if ends_tenure:
            self.termination = decision.ending()
            self.status, self.ended_reason, self.ended_on = "ended", "terminated", self.termination.effective_on

    def record_tenure_appraisal(self, score: Decimal | str, grade: str, final_on: date, reference: str | None = None,
                                correction_reason: str | None = None) -> None:
        """Keep the final tenure appraisal result; a later one corrects it and must say why."""
        correcting = self.tenure_appraisal is not None
        self._tenure_appraisal_recorded(**exits.tenure_result(score, grade, final_on, reference, correction_reason, correcting))

    @event("TenureAppraisalRecorded")
    def _tenure_appraisal_recorded(self, score: Decimal, grade: str, final_on: date, reference: str | None,
                                   correction_reason: str | None) -> None:
        self.tenure_appraisal = TenureAppraisal(score, grade, final_on, reference, correction_reason)

    class LetterIssued(Aggregate.Event): ...  # noqa: E701 - these four: recorded here before 0003, replay as nothing
    class LetterSigned(Aggregate.Event): ...  # noqa: E701
    class LetterRevised(Aggregate.Event): ...  # noqa: E701
    class ExitProposalReceived(Aggregate.Event): ...  # noqa: E701
