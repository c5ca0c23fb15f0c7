"""What an appraisal leads to beyond its year: the tenure appraisal, and exit proposals for a decision."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import AUTOMATIC_REMOVAL

from .annual_checks import check_finalising
from .appraisal import AnnualScore
from .tenure import TenureAppraisalResult, appraise_tenure
from .tenure_sheets import TenureSheet, check_tenure_sheets
from .triggers import removal_figures

if TYPE_CHECKING:
    from .annual import AnnualAppraisal
    from .member import MemberAppraisal
    from .steps import History

OUTCOME_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/outcomes")


class TenureAppraisal(Aggregate):
    """The tenure appraisal, done with the final year's annual appraisal (DOMAIN.md "Tenure appraisal"), on the
    tenure letter's own sheet when it has one; appraised again when a year of it is revised after final."""

    @staticmethod
    def create_id(tenure_id: UUID, **_: Any) -> UUID:
        return uuid5(OUTCOME_NAMESPACE, f"tenure:{tenure_id}")

    @classmethod
    def appraise(cls, tenure_id: UUID, manager_id: UUID, annual_totals: dict[int, Any], parameters: dict[str, Any],
                 policy_id: UUID, policy_version: int, final_on: date, sheet: TenureSheet | None = None) -> TenureAppraisal:
        scored = sheet.score(PolicyParameters.of(parameters)) if sheet is not None else None
        return cls(tenure_id=tenure_id, manager_id=manager_id, policy_id=policy_id, policy_version=policy_version,
                   final_on=final_on, result=_result(appraise_tenure(annual_totals, parameters, scored)),
                   sheet_inputs=sheet.inputs if sheet is not None else None, parameters=parameters)

    @event("Recorded")
    def __init__(self, tenure_id: UUID, manager_id: UUID, policy_id: UUID, policy_version: int, final_on: date,
                 result: dict[str, Any], sheet_inputs: dict[str, Any] | None = None,
                 parameters: dict[str, Any] | None = None) -> None:  # recorded without the last two before issue 12
        self.tenure_id, self.manager_id = tenure_id, manager_id
        self.policy_id, self.policy_version, self.final_on = policy_id, policy_version, final_on
        self.result, self.sheet_inputs, self.parameters = result, sheet_inputs, parameters
        self.revisions: tuple[dict[str, Any], ...] = ()

    def revise(self, year: int, total: Decimal, reason: str, decision_ref: str, decided_on: date,
               parameters: dict[str, Any]) -> None:
        """Appraised again on a year's revised total (DOMAIN.md "Correction after final"): the tenure sheet's score
        stays as scored, the mean and the coefficient follow the revised year; nothing when the total is unchanged."""
        totals = {int(y): Decimal(str(t)) for y, t in self.result["annual_totals"].items()}
        if totals.get(year, total) == total:
            return
        sheet = self.result.get("sheet")
        revised = appraise_tenure({**totals, year: total}, self.parameters or parameters,
                                  AnnualScore.from_dict(sheet) if sheet else None)
        self._revised(tenure_id=self.tenure_id, manager_id=self.manager_id, policy_id=self.policy_id,
                      policy_version=self.policy_version, final_on=decided_on, result=_result(revised), year=year,
                      reason=reason, decision_ref=decision_ref)

    @event("Revised")
    def _revised(self, tenure_id: UUID, manager_id: UUID, policy_id: UUID, policy_version: int, final_on: date,
                 result: dict[str, Any], year: int, reason: str, decision_ref: str) -> None:
        """`final_on` is the day the revised result became final (payroll corrects in that day's period); the
        tenure and its policy are repeated so the message reads like `Recorded` (`shared.domain.messages`)."""
        self.result = result
        self.revisions = (*self.revisions, {"year": year, "reason": reason, "decision_ref": decision_ref,
                                            "decided_on": final_on, "score": result["score"],
                                            "coefficient": result["coefficient"]})


class ExitProposal(Aggregate):
    """An exit proposed by the rules; it is not an exit until the contract side records a decision."""

    @staticmethod
    def create_id(tenure_id: UUID, year: int, basis: str, **_: Any) -> UUID:
        return uuid5(OUTCOME_NAMESPACE, f"exit:{tenure_id}:{year}:{basis}")

    @event("Proposed")
    def __init__(self, tenure_id: UUID, year: int, basis: str, manager_id: UUID, triggers: list[dict[str, Any]],
                 proposed_on: date) -> None:
        self.tenure_id, self.year, self.basis, self.manager_id = tenure_id, year, basis, manager_id
        self.triggers, self.proposed_on = triggers, proposed_on
        self.decision: dict[str, Any] | None = None

    @property
    def status(self) -> str:
        """Open until the contract side's decision on it is learned, then decided."""
        return "open" if self.decision is None else "decided"

    def record_decision(self, outcome: str, reason: str | None, decided_on: date, mode: str | None = None,
                        decision_makers: tuple[str, ...] = (), decision_ref: str | None = None,
                        effective_on: date | None = None) -> None:
        """Close the proposal by the decision the contract side recorded on it; a repeat changes nothing."""
        if self.decision is None:
            self._decided(outcome=outcome, reason=reason, decided_on=decided_on, mode=mode,
                          decision_makers=list(decision_makers), decision_ref=decision_ref, effective_on=effective_on)

    @event("Decided")
    def _decided(self, outcome: str, reason: str | None, decided_on: date, mode: str | None = None,
                 decision_makers: list[str] | None = None, decision_ref: str | None = None,
                 effective_on: date | None = None) -> None:
        self.decision = {"outcome": outcome, "reason": reason, "decided_on": decided_on, "mode": mode,
                         "decision_makers": list(decision_makers or ()), "decision_ref": decision_ref,
                         "effective_on": effective_on}


def _result(result: TenureAppraisalResult) -> dict[str, Any]:
    """The result as an event carries it: (year, total) pairs as a mapping, the tenure sheet's score as recorded."""
    values = asdict(result)
    values["annual_totals"] = {str(year): total for year, total in result.annual_totals}
    values["sheet"] = result.sheet.to_dict() if result.sheet is not None else None
    return values


def closing_tenures(group: AnnualAppraisal, left_for_cause: Collection[str] = ()) -> list[str]:
    """The members whose term ends in this year; not a tenure that ended for cause (DOMAIN.md "Exit for cause":
    there is no tenure appraisal)."""
    return [tenure_id for tenure_id, member in group.members.items()
            if member.tenure_end is not None and member.tenure_end.year == group.year and tenure_id not in left_for_cause]


def tenure_appraisals(group: AnnualAppraisal, history: History, on: date, left_for_cause: Collection[str] = (),
                      sheets: Mapping[str, TenureSheet] | None = None) -> list[TenureAppraisal]:
    """Done with the final year's annual appraisal, for the `closing_tenures`; on the tenure letter's sheet where
    `sheets` has one (checked complete and audited before anything is appraised)."""
    check_finalising(group, on)
    sheets = sheets or {}
    check_tenure_sheets(group, sheets)
    outcomes = []
    for tenure_id in closing_tenures(group, left_for_cause):
        totals = {past.result.year: past.result.total for past in history.get(tenure_id, []) if past.tenure_id == tenure_id}
        totals[group.year] = group.proposals[tenure_id].total
        outcomes.append(TenureAppraisal.appraise(UUID(tenure_id), UUID(group.members[tenure_id].manager_id), totals,
                                                 group.parameters, group.policy_id, group.policy_version, on,
                                                 sheets.get(tenure_id)))
    return outcomes


def revise_tenure(tenure: TenureAppraisal, group: AnnualAppraisal, member: MemberAppraisal, reason: str,
                  decision_ref: str, decided_on: date) -> None:
    """The tenure appraisal again on the member's revised final total of the group's year."""
    assert member.final is not None
    tenure.revise(group.year, member.final.total, reason.strip(), decision_ref.strip(), decided_on, group.parameters)


def leave_out(group: AnnualAppraisal, left: dict[str, date]) -> None:
    """Members whose manager left for cause, each with the day it took effect, left out of the group while it
    is open; a group past that keeps its members (closing it again is refused as such)."""
    if group.status != "open":
        return
    for tenure_id, left_on in sorted(left.items()):
        group.leave_out(tenure_id, left_on)


def exit_proposals(group: AnnualAppraisal, members: dict[str, MemberAppraisal], tenures: list[TenureAppraisal],
                   on: date, ended: Collection[str] = ()) -> list[ExitProposal]:
    """An exit proposed for each member whose year, or whose tenure, triggers one; none for a tenure `ended`
    before `on` (by exit, termination or expiry): there is no post left to exit from."""
    proposals = []
    for tenure_id, member in members.items():
        report = member.figures.report
        if report is not None and report.exit_triggers and tenure_id not in ended:
            triggers = [_with_figures(asdict(t), member, group) for t in report.exit_triggers]
            proposals.append(_proposal(group, tenure_id, "annual", triggers, on))
    for tenure in tenures:
        if tenure.result["exit_triggers"] and str(tenure.tenure_id) not in ended:
            proposals.append(_proposal(group, str(tenure.tenure_id), "tenure", tenure.result["exit_triggers"], on))
    return proposals


def _with_figures(trigger: dict[str, Any], member: MemberAppraisal, group: AnnualAppraisal) -> dict[str, Any]:
    """A removal trigger carries the KPI figures behind it: the contract side decides on it by rule."""
    if trigger["consequence"] != AUTOMATIC_REMOVAL or member.figures.score is None:
        return trigger
    return {**trigger, "figures": removal_figures(member.figures.score, group.parameters)}


def _proposal(group: AnnualAppraisal, tenure_id: str, basis: str, triggers: list[dict[str, Any]], on: date) -> ExitProposal:
    manager_id = UUID(group.members[tenure_id].manager_id)
    return ExitProposal(tenure_id=UUID(tenure_id), year=group.year, basis=basis, manager_id=manager_id,
                        triggers=triggers, proposed_on=on)
