"""What an early end and the final result need (002 §四(四), 004 §四): each check returns its event's attributes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.domain import inputs as i
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import AUTOMATIC_REMOVAL, GRADES
from shared.errors import InvalidInputError, RuleViolationError

from .records import ExitProposal

if TYPE_CHECKING:
    from .tenure import Tenure

EXIT_MODES = ("rigid_exit", "flexible_adjustment")
EXIT_OUTCOMES = ("exit", "flexible_adjustment", "declined")


def termination(tenure: Tenure, reason: str, mode: str, decision_makers: list[str], decided_on: date,
                effective_on: date, decision_ref: str) -> dict[str, Any]:
    """The attributes of `Tenure.Terminated`: a decision with its reason, taking effect within the term."""
    i.require_date(decided_on, "decided_on")
    i.require_not_before(i.require_date(effective_on, "effective_on"), decided_on, "effective_on", "the decision on")
    if not tenure.start <= effective_on <= tenure.end:
        raise RuleViolationError(
            f"a termination takes effect within the term {tenure.start}..{tenure.end}; got {effective_on}",
            field="effective_on",
            rule="within_term",
        )
    return {
        "reason": i.require_reason(reason), "mode": i.require_choice(mode, EXIT_MODES, "mode", "known_exit_mode"),
        "decision_makers": i.require_decision_makers(decision_makers), "decided_on": decided_on,
        "effective_on": effective_on, "decision_ref": i.require_decision_ref(decision_ref),
    }


def exit_decision(tenure: Tenure, proposal_id: str, received: ExitProposal | None, outcome: str, reason: str | None,
                  decision_makers: list[str], decided_on: date, decision_ref: str | None,
                  effective_on: date | None = None, for_cause: bool | None = None) -> dict[str, Any]:
    """The attributes of `Tenure.ExitProposalDecided`: one decision on a proposal received for this tenure,
    taking effect on `effective_on` (the day of the decision when not given)."""
    proposal = i.require_text(proposal_id, "proposal_id")
    if received is None or received.tenure_id != tenure.id:
        raise RuleViolationError(
            f"no exit proposal {proposal} was received for this tenure", field="proposal_id", rule="known_proposal"
        )
    if received.removal is not None:
        raise RuleViolationError(
            f"exit proposal {proposal} is an automatic removal (一重): the rule decided it when it was received, "
            "and no decision of anyone changes it", field="proposal_id", rule="decided_by_rule",
        )
    if proposal in tenure.exit_decisions:
        raise RuleViolationError(
            f"exit proposal {proposal} is already decided", field="proposal_id", rule="proposal_already_decided"
        )
    i.require_choice(outcome, EXIT_OUTCOMES, "outcome", "known_exit_outcome")
    if for_cause is not None and for_cause != (outcome == "exit"):
        raise RuleViolationError(
            f"for_cause={for_cause} contradicts the outcome {outcome}: only a rigid exit on a proposal is for cause",
            field="for_cause", rule="for_cause_is_a_rigid_exit",
        )
    ends_tenure = outcome != "declined" and tenure.status != "ended"
    effective = _effective(tenure, i.require_date(decided_on, "decided_on"), effective_on, ends_tenure)
    return {
        "proposal_id": proposal, "outcome": outcome,
        "reason": i.require_reason(reason) if outcome == "declined" else i.optional_text(reason, "reason"),
        "decision_makers": i.require_decision_makers(decision_makers),
        "decided_on": i.require_date(decided_on, "decided_on"),
        "decision_ref": i.optional_text(decision_ref, "decision_ref"),
        "ends_tenure": ends_tenure, "effective_on": effective,
    }


def removal_by_rule(tenure: Tenure, proposal: ExitProposal, policy_version: int,
                    params: PolicyParameters) -> dict[str, Any] | None:
    """The attributes of `Tenure.ExitProposalDecided` that 一重's automatic removal records by itself on the
    proposal carrying its trigger: no decision makers but the rule, for cause, effective on the day the
    appraisal became final; it ends the tenure if that day falls within its term. None: nothing to decide."""
    trigger = proposal.removal
    if trigger is None or proposal.proposal_id in tenure.exit_decisions or proposal.tenure_id != tenure.id:
        return None
    on = proposal.proposed_on
    by_rule = {"rule": trigger["kind"], "year": proposal.year, "figures": list(trigger.get("figures") or ()),
               "policy_version": policy_version, "living_allowance_monthly": params.living_allowance_monthly}
    return {
        "proposal_id": proposal.proposal_id, "outcome": AUTOMATIC_REMOVAL, "reason": trigger["reason"],
        "decision_makers": [], "decided_on": on, "decision_ref": None, "effective_on": on, "by_rule": by_rule,
        "ends_tenure": tenure.status == "active" and tenure.start <= on <= tenure.end,
    }


def _effective(tenure: Tenure, decided_on: date, effective_on: date | None, ends_tenure: bool) -> date:
    """The day a decision takes effect: not before it is taken and, when it ends the tenure, within the term."""
    if effective_on is None:
        return decided_on
    i.require_not_before(i.require_date(effective_on, "effective_on"), decided_on, "effective_on", "the decision on")
    if ends_tenure and not tenure.start <= effective_on <= tenure.end:
        raise RuleViolationError(
            f"an exit takes effect within the term {tenure.start}..{tenure.end}; got {effective_on}",
            field="effective_on", rule="within_term",
        )
    return effective_on


def tenure_result(score: Decimal | str, grade: str, final_on: date, reference: str | None,
                  correction_reason: str | None, correcting: bool) -> dict[str, Any]:
    """The attributes of `Tenure.TenureAppraisalRecorded`; a correction of an earlier one says why."""
    score = i.parse_decimal(score, "score")
    if score < 0:
        raise InvalidInputError("score must not be negative", field="score", rule="score_range")
    return {
        "score": score, "grade": i.require_choice(grade, GRADES, "grade", "known_grade"),
        "final_on": i.require_date(final_on, "final_on"), "reference": i.optional_text(reference, "reference"),
        "correction_reason": i.require_reason(correction_reason, "correction_reason") if correcting else None,
    }
