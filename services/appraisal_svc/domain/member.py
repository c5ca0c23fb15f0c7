"""One member's annual appraisal, in a stream of its own (DOMAIN.md Lifecycle 5): the KPI sheet it is
scored on, the inputs used and every intermediate figure, the grade the group's ranking gave, the triggers
and warnings, and the final result payroll settles. The group's stream (`AnnualAppraisal`) keeps only what is
the group's: membership, the ranking decision, overrides, objections, status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain.parameters import PolicyParameters

from .appraisal import AnnualScore, score_sheet
from .grading import GradeProposal
from .records import FinalResult, MemberFigures, proposal_of, report_dict, report_of
from .results import TriggerReport

MEMBER_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/appraisal/member")


def member_id(tenure_id: UUID | str, year: int) -> UUID:
    return uuid5(MEMBER_NAMESPACE, f"{tenure_id}:{year}")


class MemberAppraisal(Aggregate):
    @staticmethod
    def create_id(tenure_id: UUID, year: int, **_: Any) -> UUID:
        return member_id(tenure_id, year)

    @event("Opened")
    def __init__(self, group_id: UUID, tenure_id: UUID, manager_id: UUID, year: int, kpis: list[dict[str, Any]]) -> None:
        self.group_id, self.tenure_id, self.manager_id, self.year = group_id, tenure_id, manager_id, year
        self.kpis = kpis
        self.figures = MemberFigures()
        self.proposal: GradeProposal | None = None
        self.final: FinalResult | None = None

    @property
    def status(self) -> str:
        return "final" if self.final is not None else "scored" if self.figures.score is not None else "open"

    def score_on(self, inputs: Mapping[str, Any], policy: PolicyParameters) -> AnnualScore:
        """The score on these inputs (pure: nothing is recorded until `record_score`)."""
        actuals = {code: a["value"] for code, a in inputs.get("actuals", {}).items()}
        ratings = {code: [r["value"] for r in rs] for code, rs in inputs.get("ratings", {}).items()}
        return score_sheet(self.kpis, actuals, ratings, policy)

    def record_score(self, inputs: Mapping[str, Any], score: AnnualScore, because: str, on: date) -> None:
        """Kept once scored; scored again (an upheld objection, a revision) only when the figures changed."""
        if self.figures.inputs != inputs or self.figures.score != score:
            self._scored(inputs=dict(inputs), score=score.to_dict(), because=because, on=on)

    @event("Scored")
    def _scored(self, inputs: dict[str, Any], score: dict[str, Any], because: str, on: date) -> None:
        self.figures = MemberFigures(inputs, AnnualScore.from_dict(score), self.figures.report)

    def record_grade(self, proposal: GradeProposal) -> None:
        """The grade and place the group's ranking gave this member."""
        if proposal != self.proposal:
            self._graded(proposal=proposal.__dict__.copy())

    @event("Graded")
    def _graded(self, proposal: dict[str, Any]) -> None:
        self.proposal = proposal_of(proposal)

    def record_report(self, report: TriggerReport) -> None:
        if report != self.figures.report:
            self._evaluated(**report_dict(report))

    @event("TriggersEvaluated")
    def _evaluated(self, exit_triggers: list[dict[str, Any]], warnings: list[dict[str, Any]],
                   ranking_warnings: list[dict[str, Any]]) -> None:
        report = report_of({"exit_triggers": exit_triggers, "warnings": warnings, "ranking_warnings": ranking_warnings})
        self.figures = MemberFigures(self.figures.inputs, self.figures.score, report)

    def finalise(self, grade: str, final_on: date, policy_version: int, parameters: dict[str, Any]) -> None:
        """The year's final result, as payroll settles it (`shared.domain.messages.AnnualResult`); sent again
        only when a revision changes it."""
        assert self.figures.score is not None
        total, vetoed = self.figures.score.total, self.figures.score.vetoed
        if self.final is not None and (self.final.total, self.final.grade, self.final.vetoed) == (total, grade, vetoed):
            return
        self._finalised(tenure_id=self.tenure_id, manager_id=self.manager_id, year=self.year, total=total, grade=grade,
                        vetoed=vetoed, final_on=final_on, policy_version=policy_version, parameters=parameters)

    @event("Finalised")
    def _finalised(self, tenure_id: UUID, manager_id: UUID, year: int, total: Decimal, grade: str, vetoed: bool,
                   final_on: date, policy_version: int, parameters: dict[str, Any]) -> None:
        self.final = FinalResult(total, grade, vetoed, final_on)
