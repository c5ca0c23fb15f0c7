"""The annual appraisal of one appraisal group: an enterprise's managers for one year (DOMAIN.md Lifecycle 5).

open → closed (every KPI has an audited actual; scored; grades proposed) → confirmed by the committee
(overrides recorded with reasons; the objection window opens) → objections upheld (scored again on the
corrected inputs, ranked against the others' confirmed scores) or rejected → final (warnings and exit triggers decided).

The group's stream keeps what is the group's: membership, the ranking and distribution decision, overrides,
objections, revisions and status. Each member's figures are in its own `MemberAppraisal` stream. Events
recorded before that split also carry every member's sheet, inputs, results and reports; they still replay,
and that detail is kept apart in `legacy` (see `LegacyDetail`), read where such a group has no member streams.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.parameters import PolicyParameters
from shared.errors import NotFoundError

from .annual_checks import (
    check_decision,
    check_finalising,
    check_objection,
    check_objection_decision,
    check_overrides,
    check_revision,
    not_before,
)
from .grading import GradeProposal
from .legacy import LegacyDetail
from .records import Membership, Objection, Override, Revision, placings, ranking_of

GROUP_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/annual")
Legacy = dict[str, Any] | None  # member detail only events recorded before members had streams carry


class AnnualAppraisal(Aggregate):
    proposals: dict[str, GradeProposal]  # the ranking decision, by tenure
    overrides: dict[str, Override]
    objections: dict[str, Objection]
    revisions: tuple[Revision, ...]
    left_out: dict[str, date]  # members whose manager left for cause, by tenure: the day it took effect
    closed_on: date | None
    confirmed_on: date | None
    window_ends: date | None
    final_on: date | None

    @staticmethod
    def create_id(enterprise_id: UUID, year: int, **_: Any) -> UUID:
        return appraisal_id(enterprise_id, year)

    @event("Opened")
    def __init__(self, enterprise_id: UUID, year: int, policy_id: UUID, policy_version: int,
                 parameters: dict[str, Any], members: list[dict[str, Any]], opened_on: date | None) -> None:
        self.enterprise_id, self.year = enterprise_id, year
        self.policy_id, self.policy_version, self.parameters = policy_id, policy_version, parameters
        self.members = {str(m["tenure_id"]): Membership.of(m) for m in members}
        self.status, self.legacy = "open", LegacyDetail.opened(members)
        self.proposals, self.overrides, self.objections, self.revisions, self.left_out = {}, {}, {}, (), {}
        self.closed_on = self.confirmed_on = self.window_ends = self.final_on = None

    @cached_property
    def policy(self) -> PolicyParameters:
        return PolicyParameters.of(self.parameters)

    @property
    def grades(self) -> dict[str, str]:
        """Each member's grade: the committee's override, or the proposed one. Kept until an event replaces
        the proposals or the overrides (never changed in place), so reading every member's grade is linear."""
        kept = self.__dict__.get("_grades")
        if kept is None or kept[0] is not self.proposals or kept[1] is not self.overrides:
            grades = {key: self.overrides[key].grade if key in self.overrides else p.grade
                      for key, p in self.proposals.items()}
            kept = self.__dict__["_grades"] = (self.proposals, self.overrides, grades)
        return kept[2]

    def close(self, closed_on: date, proposals: dict[str, GradeProposal]) -> None:
        """The ranking decision on the members' scores (kept in their streams)."""
        check_decision(self, "open", "close")
        self._closed(closed_on=closed_on, proposals=placings(proposals))

    @event("Closed")
    def _closed(self, closed_on: date, proposals: dict[str, Any], inputs: Legacy = None, results: Legacy = None) -> None:
        self.proposals = ranking_of(proposals)
        self.closed_on, self.status = closed_on, "closed"
        self.legacy = self.legacy.scored(inputs, results)

    def confirm(self, decided_on: date, overrides: list[dict[str, Any]]) -> None:
        """The committee confirms the proposed grades; each override is a recorded decision with a reason."""
        check_decision(self, "closed", "confirm")
        not_before(decided_on, self.closed_on, "decided_on", "the closing")
        check_overrides(self, overrides)
        self._confirmed(decided_on=decided_on, overrides=[Override.of(o).to_dict() for o in overrides],
                        window_ends=decided_on + timedelta(days=self.policy.objection_window_days))

    @event("Confirmed")
    def _confirmed(self, decided_on: date, overrides: list[dict[str, Any]], window_ends: date) -> None:
        self.overrides = {str(o["tenure_id"]): Override.of(o) for o in overrides}
        self.confirmed_on, self.window_ends = decided_on, window_ends
        self.status = "confirmed"

    def file_objection(self, tenure_id: str, reason: str, filed_on: date) -> str:
        check_objection(self, tenure_id, reason, filed_on)
        objection_id = f"{self.year}-O{len(self.objections) + 1}"
        self._objection_filed(objection_id=objection_id, tenure_id=tenure_id, reason=reason.strip(), filed_on=filed_on)
        return objection_id

    @event("ObjectionFiled")
    def _objection_filed(self, objection_id: str, tenure_id: str, reason: str, filed_on: date) -> None:
        self.objections = {**self.objections, objection_id: Objection(objection_id, tenure_id, reason, filed_on)}

    def decide_objection(self, objection_id: str, outcome: str, reason: str, decided_on: date,
                         proposal: GradeProposal | None) -> None:
        """Upheld: the objector's place on their corrected score (`proposal`), nobody else's. Rejected: nothing
        changes."""
        check_objection_decision(self, objection_id, outcome, reason, decided_on)
        tenure_id = self.objections[objection_id].tenure_id  # named even when rejected: it is that member's record
        plain = placings({tenure_id: proposal}) if proposal is not None else None
        self._objection_decided(objection_id=objection_id, outcome=outcome, reason=reason.strip(),
                                decided_on=decided_on, proposals=plain, tenure_id=tenure_id)

    @event("ObjectionDecided")
    def _objection_decided(self, objection_id: str, outcome: str, reason: str, decided_on: date,
                           proposals: dict[str, Any] | None, inputs: Legacy = None, results: Legacy = None,
                           tenure_id: str | None = None) -> None:
        decided = self.objections[objection_id]
        self.objections = {**self.objections, objection_id: Objection(
            decided.objection_id, decided.tenure_id, decided.reason, decided.filed_on, outcome, reason, decided_on)}
        if proposals is not None:
            self._placed(proposals, tenure_id)
            self.legacy = self.legacy.scored(inputs, results)

    def _placed(self, proposals: dict[str, Any], tenure_id: str | None) -> None:
        """Events recorded before issue 12 placed every member again (`tenure_id` None); since, only the one
        scored again is placed, and that placing gives their grade in place of an earlier override."""
        self.proposals = {**self.proposals, **ranking_of(proposals)}
        if tenure_id is not None:
            self.overrides = {key: o for key, o in self.overrides.items() if key != tenure_id}

    def finalise(self, on: date) -> None:
        """After the objection window, with every objection decided; the members' triggers are in their streams."""
        check_finalising(self, on)
        self._finalised(on=on, year=self.year)

    @event("Finalised")
    def _finalised(self, on: date, year: int, reports: Legacy = None, finals: Legacy = None) -> None:
        self.final_on, self.status = on, "final"
        self.legacy = self.legacy.reported(reports)

    def revise(self, tenure_id: str, reason: str, decision_ref: str, decided_on: date, proposal: GradeProposal) -> None:
        """A correction after final: the corrected member's place on their revised score, by a recorded decision
        with a reason and its reference; what was paid on the old result is corrected by payroll, never edited."""
        check_revision(self, tenure_id, reason, decision_ref)
        self._revised(reason=reason.strip(), decided_on=decided_on, proposals=placings({tenure_id: proposal}),
                      tenure_id=tenure_id, decision_ref=decision_ref.strip())
        self._finalised(on=decided_on, year=self.year)

    @event("Revised")
    def _revised(self, reason: str, decided_on: date, proposals: dict[str, Any], inputs: Legacy = None,
                 results: Legacy = None, tenure_id: str | None = None, decision_ref: str | None = None) -> None:
        self._placed(proposals, tenure_id)
        self.revisions = (*self.revisions, Revision(reason, decided_on, tenure_id, decision_ref))
        self.legacy = self.legacy.scored(inputs, results)

    def leave_out(self, tenure_id: str, left_on: date) -> None:
        """A member whose manager left for cause before the year ends is no member: left out before closing."""
        check_decision(self, "open", "leave a member out")
        self.member(tenure_id)
        self._left_out(tenure_id=tenure_id, left_on=left_on)

    @event("MemberLeftOut")
    def _left_out(self, tenure_id: str, left_on: date) -> None:
        self.members = {key: m for key, m in self.members.items() if key != tenure_id}
        self.left_out = {**self.left_out, tenure_id: left_on}

    def member(self, tenure_id: str, field: str = "tenure_id") -> Membership:
        if tenure_id not in self.members:
            raise NotFoundError(f"tenure {tenure_id} is not in the {self.year} appraisal group", field=field, rule="group_member")
        return self.members[tenure_id]


def appraisal_id(enterprise_id: UUID, year: int) -> UUID:
    return uuid5(GROUP_NAMESPACE, f"{enterprise_id}:{year}")

