"""What an appraisal leads to beyond its year: the tenure appraisal, and exit proposals for a decision."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.vocabulary import AUTOMATIC_REMOVAL

from .tenure import appraise_tenure
from .triggers import removal_figures

if TYPE_CHECKING:
    from .annual import AnnualAppraisal
    from .member import MemberAppraisal
    from .steps import History

OUTCOME_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/outcomes")


class TenureAppraisal(Aggregate):
    """The tenure appraisal, done with the final year's annual appraisal (DOMAIN.md "Tenure appraisal")."""

    @staticmethod
    def create_id(tenure_id: UUID, **_: Any) -> UUID:
        return uuid5(OUTCOME_NAMESPACE, f"tenure:{tenure_id}")

    @classmethod
    def appraise(cls, tenure_id: UUID, manager_id: UUID, annual_totals: dict[int, Any], parameters: dict[str, Any],
                 policy_id: UUID, policy_version: int, final_on: date) -> TenureAppraisal:
        result = appraise_tenure(annual_totals, parameters)
        return cls(tenure_id=tenure_id, manager_id=manager_id, policy_id=policy_id, policy_version=policy_version,
                   final_on=final_on, result=_plain(asdict(result)))

    @event("Recorded")
    def __init__(self, tenure_id: UUID, manager_id: UUID, policy_id: UUID, policy_version: int, final_on: date,
                 result: dict[str, Any]) -> None:
        self.tenure_id, self.manager_id = tenure_id, manager_id
        self.policy_id, self.policy_version, self.final_on = policy_id, policy_version, final_on
        self.result = result


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


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Tuples of (year, total) pairs become a mapping an event can carry."""
    totals = values.get("annual_totals")
    if totals is not None:
        values["annual_totals"] = {str(year): total for year, total in totals}
    return values


def tenure_appraisals(group: AnnualAppraisal, history: History, on: date,
                      left_for_cause: Collection[str] = ()) -> list[TenureAppraisal]:
    """Done with the final year's annual appraisal: for the members whose term ends in this year; none for a
    tenure that ended for cause (DOMAIN.md "Exit for cause": there is no tenure appraisal)."""
    outcomes = []
    for tenure_id, member in group.members.items():
        if member.tenure_end is None or member.tenure_end.year != group.year or tenure_id in left_for_cause:
            continue
        totals = {past.result.year: past.result.total for past in history.get(tenure_id, []) if past.tenure_id == tenure_id}
        totals[group.year] = group.proposals[tenure_id].total
        outcomes.append(TenureAppraisal.appraise(UUID(tenure_id), UUID(member.manager_id), totals, group.parameters,
                                                 group.policy_id, group.policy_version, on))
    return outcomes


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
