"""What an annual appraisal keeps, as typed values: who is in the group, the committee's overrides, the
objections and revisions, and each member's figures (DOMAIN.md Lifecycle 5). Events carry them as plain
dicts (`to_dict`); the aggregates turn them back into these (`of`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shared.domain.records import known
from shared.messages import jsonable

from .appraisal import AnnualScore
from .grading import GradeProposal
from .results import Trigger, TriggerReport


@dataclass(frozen=True)
class Membership:
    """One member of the group: the tenure, its manager, and the signed annual letter it is appraised under."""

    tenure_id: str
    manager_id: str
    manager_code: str | None
    manager_name: str | None
    level: str
    letter_key: str
    letter_version: int
    term_start_year: int | None = None
    tenure_end: date | None = None

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Membership:
        given = known(cls, values)
        end = given.get("tenure_end")
        return cls(**{**given, "tenure_id": str(values["tenure_id"]), "manager_id": str(values["manager_id"]),
                      "tenure_end": date.fromisoformat(end) if isinstance(end, str) else end})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Override:
    """The committee's grade for a member, other than the proposed one, with its reason."""

    tenure_id: str
    grade: str
    reason: str

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Override:
        return cls(str(values["tenure_id"]), str(values["grade"]), str(values["reason"]))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Objection:
    objection_id: str
    tenure_id: str
    reason: str
    filed_on: date
    outcome: str | None = None
    decision_reason: str | None = None
    decided_on: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Revision:
    """A member of a final appraisal scored again on corrected figures, by a decision with a reason and its
    reference (`tenure_id` and `decision_ref` are None in revisions recorded before issue 12)."""

    reason: str
    decided_on: date
    tenure_id: str | None = None
    decision_ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def proposal_of(values: Mapping[str, Any]) -> GradeProposal:
    return GradeProposal(**known(GradeProposal, values))


# A member's place in the group's ranking decision, as the group's events record it since members have streams of
# their own: the figures only, in this order; the reason is in the member's `Graded` event.
PLACING = ("total", "vetoed", "grade", "rank", "position", "group_size", "ranked_count", "excellent_quota",
           "basic_quota", "tied_at_boundary")


def placings(proposals: Mapping[str, GradeProposal]) -> dict[str, list[Any]]:
    return {key: [getattr(p, name) for name in PLACING] for key, p in proposals.items()}


def ranking_of(recorded: Mapping[str, Any]) -> dict[str, GradeProposal]:
    """The ranking decision as recorded: placings, or whole proposals in events recorded before the change."""
    return {key: proposal_of(values) if isinstance(values, Mapping) else
            GradeProposal(key, reason="", **dict(zip(PLACING, values, strict=True)))
            for key, values in recorded.items()}


def report_of(values: Mapping[str, Any]) -> TriggerReport:
    def triggers(key: str) -> tuple[Trigger, ...]:
        return tuple(Trigger(t["kind"], t["consequence"], t["reason"], tuple(t.get("kpi_codes") or ()))
                     for t in values.get(key) or ())
    return TriggerReport(triggers("exit_triggers"), triggers("warnings"), triggers("ranking_warnings"))


def report_dict(report: TriggerReport) -> dict[str, Any]:
    return {"exit_triggers": [asdict(t) for t in report.exit_triggers], "warnings": [asdict(t) for t in report.warnings],
            "ranking_warnings": [asdict(t) for t in report.ranking_warnings]}


@dataclass(frozen=True)
class FinalResult:
    """A member's final result of the year, as sent to payroll (`MemberAppraisal.Finalised`)."""

    total: Decimal
    grade: str
    vetoed: bool
    final_on: date


@dataclass(frozen=True)
class MemberFigures:
    """One member's annual appraisal as far as it has gone: the inputs used and the score with every
    intermediate (once closed), the triggers and warnings (once final)."""

    inputs: Mapping[str, Any] | None = None
    score: AnnualScore | None = None
    report: TriggerReport | None = None

    def inputs_json(self) -> dict[str, Any] | None:
        return jsonable(self.inputs) if self.inputs is not None else None
