"""What each step of an annual appraisal requires, checked before anything is recorded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shared.domain.vocabulary import GRADES
from shared.errors import NotFoundError, RuleViolationError

if TYPE_CHECKING:
    from .annual import AnnualAppraisal


def check_decision(appraisal: AnnualAppraisal, status: str, action: str) -> None:
    """Each step in its place of the lifecycle: open → closed → confirmed → final."""
    if appraisal.status == status:
        return
    where = f"the {appraisal.year} appraisal is {appraisal.status}"
    raise RuleViolationError(f"{where}; only an appraisal that is {status} can {action}", field="status",
                             rule="appraisal_lifecycle")


def check_group(enterprise_id: object, year: int, policy_ids: list[str]) -> None:
    """A group is the enterprise's tenures that run in the year, all under one policy."""
    if not policy_ids:
        raise RuleViolationError(f"no tenure of enterprise {enterprise_id} runs in {year}", field="enterprise_id", rule="group_not_empty")
    if len(set(policy_ids)) > 1:
        raise RuleViolationError("the group's tenures are under different policies", field="enterprise_id", rule="one_policy_per_group")


def not_before(day: date, earlier: date | None, field: str, what: str) -> None:
    if earlier is not None and day < earlier:
        raise RuleViolationError(f"{field} {day} is before {what} on {earlier}", field=field, rule="date_order")


def _reason(reason: str | None, field: str, what: str) -> None:
    if not reason or not str(reason).strip():
        raise RuleViolationError(what, field=field, rule="reason_required")


def check_override(appraisal: AnnualAppraisal, index: int, override: dict[str, Any]) -> None:
    appraisal.member(str(override["tenure_id"]), f"overrides.{index}.tenure_id")
    if override.get("grade") not in GRADES:
        raise RuleViolationError(f"grade must be one of {', '.join(GRADES)}", field=f"overrides.{index}.grade", rule="known_grade")
    _reason(override.get("reason"), f"overrides.{index}.reason", "an override is a decision with a reason")


def check_objection(appraisal: AnnualAppraisal, tenure_id: str, reason: str, filed_on: date) -> None:
    check_decision(appraisal, "confirmed", "file an objection to")
    appraisal.member(tenure_id, "tenure_id")
    _reason(reason, "reason", "an objection says why")
    assert appraisal.confirmed_on is not None and appraisal.window_ends is not None
    if not appraisal.confirmed_on <= filed_on <= appraisal.window_ends:
        raise RuleViolationError(
            f"objections are filed from {appraisal.confirmed_on} until {appraisal.window_ends}; this one is dated {filed_on}",
            field="filed_on",
            rule="objection_window",
        )


def check_objection_decision(appraisal: AnnualAppraisal, objection_id: str, outcome: str, reason: str,
                             decided_on: date) -> None:
    objection = appraisal.objections.get(objection_id)
    if objection is None:
        raise NotFoundError(f"no objection {objection_id}", field="objection_id", rule="exists")
    if objection.outcome is not None:
        raise RuleViolationError(f"objection {objection_id} was decided already", field="objection_id", rule="decided_once")
    not_before(decided_on, objection.filed_on, "decided_on", "the objection's filing")
    if outcome not in ("upheld", "rejected"):
        raise RuleViolationError("outcome is upheld or rejected", field="outcome", rule="known_outcome")
    _reason(reason, "reason", "a decision on an objection says why")


def check_finalising(appraisal: AnnualAppraisal, on: date) -> None:
    """After the objection window, with every objection decided."""
    check_decision(appraisal, "confirmed", "finalise")
    assert appraisal.window_ends is not None
    if on <= appraisal.window_ends:
        raise RuleViolationError(f"the objection window runs until {appraisal.window_ends}", field="on", rule="objection_window")
    pending = [o.objection_id for o in appraisal.objections.values() if o.outcome is None]
    if pending:
        raise RuleViolationError(f"objections {', '.join(pending)} await a decision", field="on", rule="objections_decided")


def check_revision(appraisal: AnnualAppraisal, reason: str) -> None:
    check_decision(appraisal, "final", "be revised")
    _reason(reason, "reason", "a revision of a final appraisal says why")
