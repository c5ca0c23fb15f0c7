"""The annual appraisal of one appraisal group: an enterprise's managers for one year (DOMAIN.md Lifecycle 5).

open → closed (every KPI has an audited actual; scored; grades proposed) → confirmed by the committee
(overrides recorded with reasons; the objection window opens) → objections upheld (scored again on the
corrected inputs) or rejected → final (warnings and exit triggers decided). Every figure is recorded in
the events as it was decided, so a rebuilt appraisal shows the same figures.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.errors import NotFoundError, RuleViolationError

from .annual_rules import closing_results, finalising_reports, grades_with_overrides, require_status
from .grading import GRADES

GROUP_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/annual")


class AnnualAppraisal(Aggregate):
    @staticmethod
    def create_id(enterprise_id: UUID, year: int, **_: Any) -> UUID:
        return appraisal_id(enterprise_id, year)

    @event("Opened")
    def __init__(self, enterprise_id: UUID, year: int, policy_id: UUID, policy_version: int,
                 parameters: dict[str, Any], members: list[dict[str, Any]], opened_on: date | None) -> None:
        self.enterprise_id, self.year = enterprise_id, year
        self.policy_id, self.policy_version, self.parameters = policy_id, policy_version, parameters
        self.members = {str(m["tenure_id"]): m for m in members}
        self.status = "open"
        self.inputs: dict[str, dict[str, Any]] = {}
        self.results: dict[str, dict[str, Any]] = {}
        self.proposals: dict[str, dict[str, Any]] = {}
        self.overrides: dict[str, dict[str, Any]] = {}
        self.grades: dict[str, str] = {}
        self.confirmed_on: date | None = None
        self.window_ends: date | None = None
        self.objections: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.final_on: date | None = None
        self.closed_on: date | None = None
        self.revisions: list[dict[str, Any]] = []

    def close(self, inputs: dict[str, dict[str, Any]], closed_on: date) -> None:
        """Score every member on its audited inputs and propose grades; refused while any is missing."""
        require_status(self, "open", "close")
        results, proposals = closing_results(self, inputs)
        self._closed(closed_on=closed_on, inputs=inputs, results=results, proposals=proposals)

    @event("Closed")
    def _closed(self, closed_on: date, inputs: dict[str, Any], results: dict[str, Any], proposals: dict[str, Any]) -> None:
        self.inputs, self.results, self.proposals = inputs, results, proposals
        self.grades = {key: p["grade"] for key, p in proposals.items()}
        self.closed_on, self.status = closed_on, "closed"

    def confirm(self, decided_on: date, overrides: list[dict[str, Any]], window_days: int) -> None:
        """The committee confirms the proposed grades; each override is a recorded decision with a reason."""
        require_status(self, "closed", "confirm")
        _not_before(decided_on, self.closed_on, "decided_on", "the closing")
        for index, override in enumerate(overrides):
            self._check_override(index, override)
        self._confirmed(
            decided_on=decided_on,
            overrides=[{**o, "tenure_id": str(o["tenure_id"])} for o in overrides],
            window_ends=decided_on + timedelta(days=window_days),
        )

    def _check_override(self, index: int, override: dict[str, Any]) -> None:
        self.member(str(override["tenure_id"]), f"overrides.{index}.tenure_id")
        if override.get("grade") not in GRADES:
            raise RuleViolationError(f"grade must be one of {', '.join(GRADES)}", field=f"overrides.{index}.grade", rule="known_grade")
        if not str(override.get("reason") or "").strip():
            raise RuleViolationError("an override is a decision with a reason", field=f"overrides.{index}.reason", rule="reason_required")

    @event("Confirmed")
    def _confirmed(self, decided_on: date, overrides: list[dict[str, Any]], window_ends: date) -> None:
        self.overrides = {o["tenure_id"]: o for o in overrides}
        self.grades = grades_with_overrides(self.proposals, self.overrides)
        self.confirmed_on, self.window_ends = decided_on, window_ends
        self.status = "confirmed"

    def file_objection(self, tenure_id: str, reason: str, filed_on: date) -> str:
        require_status(self, "confirmed", "file an objection to")
        self.member(tenure_id, "tenure_id")
        if not reason or not reason.strip():
            raise RuleViolationError("an objection says why", field="reason", rule="reason_required")
        assert self.window_ends is not None
        if not self.confirmed_on <= filed_on <= self.window_ends:  # type: ignore[operator]
            raise RuleViolationError(
                f"objections are filed from {self.confirmed_on} until {self.window_ends}; this one is dated {filed_on}",
                field="filed_on",
                rule="objection_window",
            )
        objection_id = f"{self.year}-O{len(self.objections) + 1}"
        self._objection_filed(objection_id=objection_id, tenure_id=tenure_id, reason=reason.strip(), filed_on=filed_on)
        return objection_id

    @event("ObjectionFiled")
    def _objection_filed(self, objection_id: str, tenure_id: str, reason: str, filed_on: date) -> None:
        self.objections = {**self.objections, objection_id: {
            "objection_id": objection_id, "tenure_id": tenure_id, "reason": reason, "filed_on": filed_on,
            "outcome": None, "decision_reason": None, "decided_on": None}}

    def decide_objection(self, objection_id: str, outcome: str, reason: str, decided_on: date,
                         inputs: dict[str, dict[str, Any]] | None = None) -> None:
        """Upheld: the appraisal is scored again on the corrected inputs. Rejected: nothing changes."""
        objection = self.objections.get(objection_id)
        if objection is None:
            raise NotFoundError(f"no objection {objection_id}", field="objection_id", rule="exists")
        if objection["outcome"] is not None:
            raise RuleViolationError(f"objection {objection_id} was decided already", field="objection_id", rule="decided_once")
        _not_before(decided_on, objection["filed_on"], "decided_on", "the objection's filing")
        if outcome not in ("upheld", "rejected"):
            raise RuleViolationError("outcome is upheld or rejected", field="outcome", rule="known_outcome")
        if not reason or not reason.strip():
            raise RuleViolationError("a decision on an objection says why", field="reason", rule="reason_required")
        results, proposals = closing_results(self, inputs) if outcome == "upheld" and inputs else (None, None)
        self._objection_decided(objection_id=objection_id, outcome=outcome, reason=reason.strip(),
                                decided_on=decided_on, inputs=inputs if results else None,
                                results=results, proposals=proposals)

    @event("ObjectionDecided")
    def _objection_decided(self, objection_id: str, outcome: str, reason: str, decided_on: date,
                           inputs: dict[str, Any] | None, results: dict[str, Any] | None,
                           proposals: dict[str, Any] | None) -> None:
        self.objections = {**self.objections, objection_id: {
            **self.objections[objection_id], "outcome": outcome, "decision_reason": reason, "decided_on": decided_on}}
        if results is not None and proposals is not None and inputs is not None:
            self.inputs, self.results, self.proposals = inputs, results, proposals
            self.grades = grades_with_overrides(proposals, self.overrides)

    def finalise(self, on: date, histories: dict[str, list[dict[str, Any]]]) -> None:
        """After the objection window, with every objection decided: warnings and exit triggers are decided."""
        require_status(self, "confirmed", "finalise")
        assert self.window_ends is not None
        if on <= self.window_ends:
            raise RuleViolationError(f"the objection window runs until {self.window_ends}", field="on", rule="objection_window")
        pending = [o["objection_id"] for o in self.objections.values() if o["outcome"] is None]
        if pending:
            raise RuleViolationError(f"objections {', '.join(pending)} await a decision", field="on", rule="objections_decided")
        self._finalised(on=on, year=self.year, reports=finalising_reports(self, histories), finals=self._finals())

    def _finals(self) -> dict[str, dict[str, Any]]:
        """The year's final result of each member, as the payroll side settles it."""
        return {
            tenure_id: {"manager_id": str(m["manager_id"]), "total": self.proposals[tenure_id]["total"],
                        "grade": self.grades[tenure_id], "vetoed": self.proposals[tenure_id]["vetoed"],
                        "policy_version": self.policy_version, "parameters": self.parameters}
            for tenure_id, m in self.members.items()
        }

    @event("Finalised")
    def _finalised(self, on: date, year: int, reports: dict[str, Any], finals: dict[str, Any]) -> None:
        self.reports, self.final_on, self.status = reports, on, "final"

    def revise(self, inputs: dict[str, dict[str, Any]], reason: str, decided_on: date,
               histories: dict[str, list[dict[str, Any]]]) -> None:
        """A final appraisal scored again on corrected figures, by a recorded decision with a reason; what
        was paid on the old result is then corrected by the payroll side, never edited."""
        require_status(self, "final", "be revised")
        if not reason or not reason.strip():
            raise RuleViolationError("a revision of a final appraisal says why", field="reason", rule="reason_required")
        results, proposals = closing_results(self, inputs)
        self._revised(reason=reason.strip(), decided_on=decided_on, inputs=inputs, results=results, proposals=proposals)
        self._finalised(on=decided_on, year=self.year, reports=finalising_reports(self, histories), finals=self._finals())

    @event("Revised")
    def _revised(self, reason: str, decided_on: date, inputs: dict[str, Any], results: dict[str, Any],
                 proposals: dict[str, Any]) -> None:
        self.inputs, self.results, self.proposals = inputs, results, proposals
        self.grades = grades_with_overrides(proposals, self.overrides)
        self.revisions = [*self.revisions, {"reason": reason, "decided_on": decided_on}]

    def member(self, tenure_id: str, field: str = "tenure_id") -> dict[str, Any]:
        if tenure_id not in self.members:
            raise NotFoundError(f"tenure {tenure_id} is not in the {self.year} appraisal group", field=field, rule="group_member")
        return self.members[tenure_id]


def _not_before(day: date, earlier: date | None, field: str, what: str) -> None:
    if earlier is not None and day < earlier:
        raise RuleViolationError(f"{field} {day} is before {what} on {earlier}", field=field, rule="date_order")


def appraisal_id(enterprise_id: UUID, year: int) -> UUID:
    return uuid5(GROUP_NAMESPACE, f"{enterprise_id}:{year}")
