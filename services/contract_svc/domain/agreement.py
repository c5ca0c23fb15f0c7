"""The appointment agreement's path to force: draft → reviewed → approved → signed → active (Lifecycle 2)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from shared.errors import RuleViolationError

from shared.domain.inputs import require_choice, require_date, require_decision_ref, require_not_before, require_text
from .records import Approval, Review, Signature, signed_by_both
from shared.domain.vocabulary import PARTIES

if TYPE_CHECKING:
    from .tenure import Tenure

STATUSES = ("draft", "reviewed", "approved", "signed", "active", "ended")
_NEXT_STEP = {
    "draft": "the party committee's pre-review (review)",
    "reviewed": "approval (approve)",
    "approved": "both parties' signatures (sign)",
    "signed": "activation on or after its start (activate)",
    "active": "nothing more: it is in force",
    "ended": "nothing more: it has ended",
}


def require_status(tenure: Tenure, wanted: str, action: str) -> None:
    """Refuse a step taken out of order, saying where the agreement stands and what it needs."""
    if tenure.status != wanted:
        raise RuleViolationError(
            f"cannot {action}: the agreement is {tenure.status}; next it needs {_NEXT_STEP[tenure.status]}",
            field="status",
            rule="agreement_lifecycle",
        )


class AgreementCommands:
    """Tenure commands that move its agreement along; each validates, then triggers its event."""

    def review(self: Tenure, reviewer: str, reference: str, reviewed_on: date) -> None:
        """Record the party committee's pre-review of the draft."""
        require_status(self, "draft", "review")
        self._reviewed(
            reviewer=require_text(reviewer, "reviewer"),
            reference=require_text(reference, "reference"),
            reviewed_on=require_date(reviewed_on, "reviewed_on"),
        )

    def approve(self: Tenure, decision_ref: str, approved_on: date) -> None:
        """Record the decision ("三重一大") that approves the reviewed agreement."""
        require_status(self, "reviewed", "approve")
        assert self.pre_review is not None  # status "reviewed" guarantees it
        require_date(approved_on, "approved_on")
        require_not_before(approved_on, self.pre_review.reviewed_on, "approved_on", "the review on")
        self._approved(decision_ref=require_decision_ref(decision_ref), approved_on=approved_on)

    def sign(self: Tenure, signer_name: str, signer_role: str, party: str, signed_on: date) -> None:
        """One party signs; the enterprise's signer must have been checked against Enterprise first."""
        require_choice(party, PARTIES, "party", "known_party")
        require_status(self, "approved", f"sign for the {party}")
        if any(s.party == party for s in self.agreement_signatures):
            raise RuleViolationError(
                f"the {party} has already signed this agreement", field="party", rule="agreement_lifecycle"
            )
        assert self.approval is not None  # status "approved" guarantees it
        require_date(signed_on, "signed_on")
        require_not_before(signed_on, self.approval.approved_on, "signed_on", "the approval on")
        self._agreement_signed(
            party=party,
            signer_name=require_text(signer_name, "signer_name"),
            signer_role=require_text(signer_role, "signer_role"),
            signed_on=signed_on,
        )

    def activate(self: Tenure, on: date) -> None:
        """Put the signed agreement in force, on a day of its term."""
        require_status(self, "signed", "activate")
        if not self.start <= require_date(on, "on") <= self.end:
            raise RuleViolationError(
                f"the tenure runs {self.start} to {self.end}; it cannot start on {on}",
                field="on",
                rule="activation_within_term",
            )
        self._activated(on=on)


# What each event changes; Tenure binds these as its events. They only assign: replay runs them again.


def agreement_reviewed(self: Tenure, reviewer: str, reference: str, reviewed_on: date) -> None:
    self.pre_review = Review(reviewer, reference, reviewed_on)
    self.status = "reviewed"


def agreement_approved(self: Tenure, decision_ref: str, approved_on: date) -> None:
    self.approval = Approval(decision_ref, approved_on)
    self.status = "approved"


def agreement_signed(self: Tenure, party: str, signer_name: str, signer_role: str, signed_on: date) -> None:
    signature = Signature(party, signer_name, signer_role, signed_on)
    self.agreement_signatures = (*self.agreement_signatures, signature)
    if signed_by_both(self.agreement_signatures):
        self.status = "signed"


def activated(self: Tenure, on: date) -> None:
    self.activated_on = on
    self.status = "active"
