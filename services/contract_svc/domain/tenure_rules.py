"""The checks a tenure's commands make before their events: where the agreement stands, what a renewal,
and an extension need (DOMAIN.md Lifecycle 2, 7)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from shared.domain.inputs import (
    require_choice,
    require_date,
    require_decision_ref,
    require_not_before,
    require_reason,
    require_text,
)
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import PARTIES
from shared.errors import RuleViolationError

from .dates import add_months

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
    if tenure.status == wanted:
        return
    where = f"the agreement is {tenure.status}; next it needs {_NEXT_STEP[tenure.status]}"
    raise RuleViolationError(f"cannot {action}: {where}", field="status", rule="agreement_lifecycle")


def require_running(tenure: Tenure, action: str) -> None:
    """Refuse `action` once the tenure has ended."""
    if tenure.status == "ended":
        raise RuleViolationError(
            f"cannot {action}: the tenure ended on {tenure.ended_on} ({tenure.ended_reason})",
            field="status",
            rule="tenure_ended",
        )


def activation(tenure: Tenure, on: date) -> date:
    """The day a signed agreement is put in force: a day of its term."""
    require_status(tenure, "signed", "activate")
    if not tenure.start <= require_date(on, "on") <= tenure.end:
        raise RuleViolationError(f"the tenure runs {tenure.start} to {tenure.end}; it cannot start on {on}",
                                 field="on", rule="activation_within_term")
    return on


def require_not_renewed(tenure: Tenure) -> None:
    if tenure.next_tenure_id is not None:
        raise RuleViolationError(f"this tenure is already renewed by {tenure.next_tenure_id}",
                                 field="previous_tenure_id", rule="already_renewed")


def check_renewable(previous: Tenure, start: date) -> None:
    def refuse(detail: str, rule: str, field: str = "previous_tenure_id") -> NoReturn:
        raise RuleViolationError(detail, field=field, rule=rule)

    if previous.ended_reason == "terminated":
        refuse("a terminated tenure is not renewed", "terminated_tenure_not_renewed")
    if previous.status != "active":
        refuse(f"only an active tenure is renewed; this one is {previous.status}", "renewal_needs_active_tenure")
    require_not_renewed(previous)
    if previous.tenure_appraisal is not None and previous.tenure_appraisal.grade == "unqualified":
        refuse("an unqualified tenure appraisal rules out renewal", "unqualified_tenure_not_renewed")
    if require_date(start, "start") <= previous.end:
        refuse(
            f"the renewed term starts after the current one ends ({previous.end})",
            "renewal_starts_after_previous",
            "start",
        )


def extension(tenure: Tenure, new_end: date, decision_ref: str, reason: str, decided_on: date,
              params: PolicyParameters) -> dict[str, Any]:
    """The attributes of `Tenure.TermExtended`: a later end by a recorded decision with a reason, all extensions
    together at most the policy's months past the end first agreed."""
    decision_ref, reason = require_decision_ref(decision_ref), require_reason(reason)
    if require_date(new_end, "new_end") <= tenure.end:
        raise RuleViolationError(f"the term already runs to {tenure.end}", field="new_end", rule="extension_later_end")
    latest = add_months(tenure.original_end, params.max_extension_months)
    if new_end > latest:
        raise RuleViolationError(
            f"extensions total at most {params.max_extension_months} months past the agreed end "
            f"{tenure.original_end}, so to {latest}; asked {new_end}",
            field="new_end",
            rule="extension_limit",
        )
    return {"previous_end": tenure.end, "new_end": new_end, "decision_ref": decision_ref, "reason": reason,
            "decided_on": require_date(decided_on, "decided_on")}


def agreement_signature(tenure: Tenure, signer_name: str, signer_role: str, party: str, signed_on: date) -> dict[str, Any]:
    """The attributes of `Tenure.AgreementSigned`: a party not yet signed, on or after the approval."""
    require_choice(party, PARTIES, "party", "known_party")
    require_status(tenure, "approved", f"sign for the {party}")
    if any(s.party == party for s in tenure.agreement_signatures):
        raise RuleViolationError(f"the {party} has already signed this agreement", field="party", rule="agreement_lifecycle")
    assert tenure.approval is not None  # status "approved" guarantees it
    require_not_before(require_date(signed_on, "signed_on"), tenure.approval.approved_on, "signed_on", "the approval on")
    return {"party": party, "signer_name": require_text(signer_name, "signer_name"),
            "signer_role": require_text(signer_role, "signer_role"), "signed_on": signed_on}
