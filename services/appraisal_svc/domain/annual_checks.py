"""What each step of an annual appraisal requires, checked before anything is recorded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shared.domain.vocabulary import EXCELLENT, GRADES, UNQUALIFIED
from shared.errors import NotFoundError, RuleViolationError

from .grading import quota

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


def check_overrides(appraisal: AnnualAppraisal, overrides: list[dict[str, Any]]) -> None:
    """Each override names a member once, with a known grade and a reason, and raises no one the floor or a
    veto made unqualified; together they keep the excellent grades within the quota (DOMAIN.md "Override")."""
    named: set[str] = set()
    for index, override in enumerate(overrides):
        check_override(appraisal, index, override)
        if str(override["tenure_id"]) in named:
            raise RuleViolationError("a member's grade is overridden once per confirmation",
                                     field=f"overrides.{index}.tenure_id", rule="one_override_per_member")
        named.add(str(override["tenure_id"]))
    _check_excellent_quota(appraisal, overrides)


def check_override(appraisal: AnnualAppraisal, index: int, override: dict[str, Any]) -> None:
    tenure_id = str(override["tenure_id"])
    appraisal.member(tenure_id, f"overrides.{index}.tenure_id")
    grade = override.get("grade")
    if grade not in GRADES:
        raise RuleViolationError(f"grade must be one of {', '.join(GRADES)}", field=f"overrides.{index}.grade", rule="known_grade")
    _reason(override.get("reason"), f"overrides.{index}.reason", "an override is a decision with a reason")
    proposed = appraisal.proposals[tenure_id]
    if proposed.grade == UNQUALIFIED and grade != UNQUALIFIED:
        why = "a failed veto KPI" if proposed.vetoed else f"a total of {proposed.total} below the score floor"
        raise RuleViolationError(f"{why} makes this manager unqualified whatever the rank; no override raises it",
                                 field=f"overrides.{index}.grade", rule="override_unqualified")


def _check_excellent_quota(appraisal: AnnualAppraisal, overrides: list[dict[str, Any]]) -> None:
    """An override to excellent is refused where the excellent grades, every override of the confirmation
    counted, would then be more than floor(N × excellent_pct); ties in the proposal alone may exceed it."""
    grades = {key: p.grade for key, p in appraisal.proposals.items()}
    grades.update({str(o["tenure_id"]): o["grade"] for o in overrides})
    allowed = quota(len(appraisal.members), appraisal.policy.excellent_pct)
    excellent = sum(grade == EXCELLENT for grade in grades.values())
    raised = [i for i, o in enumerate(overrides)
              if o["grade"] == EXCELLENT and appraisal.proposals[str(o["tenure_id"])].grade != EXCELLENT]
    if raised and excellent > allowed:
        raise RuleViolationError(
            f"{excellent} excellent grades with the overrides, above the quota of {allowed} "
            f"(floor of {len(appraisal.members)} × {appraisal.policy.excellent_pct} %)",
            field=f"overrides.{raised[0]}.grade", rule="override_excellent_quota")


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


def check_revision(appraisal: AnnualAppraisal, tenure_id: str, reason: str, decision_ref: str) -> None:
    """A correction after final names the corrected member, says why, and names the decision it rests on."""
    check_decision(appraisal, "final", "be revised")
    appraisal.member(tenure_id, "tenure_id")
    _reason(reason, "reason", "a revision of a final appraisal says why")
    if not decision_ref or not decision_ref.strip():
        raise RuleViolationError("a revision of a final appraisal names the decision it rests on (its reference)",
                                 field="decision_ref", rule="decision_ref_required")
