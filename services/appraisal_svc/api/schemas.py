"""How appraisals read over HTTP: every figure with what it rests on, so an auditor can follow it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal
from services.appraisal_svc.domain.records import MemberFigures
from services.appraisal_svc.domain.results import TriggerReport
from shared.messages import jsonable


class KpiScorePublic(BaseModel):
    code: str
    name: str | None = None
    rule: str
    weight: Decimal
    direction: str | None = None
    unit: str | None = None
    main: bool = False
    veto: bool = False
    target: Decimal | None = None
    tiers: dict[str, Decimal] | None = None
    actual: Decimal | None = None
    ratings: list[Decimal] = []
    rating: Decimal | None = None
    completion: Decimal | None = None
    completion_exact: Decimal | None = None
    gap: Decimal | None = None
    gap_basis: str | None = None
    tier: str | None = None
    cap: Decimal | None = None
    cap_source: str | None = None
    step: Decimal | None = None
    step_source: str | None = None
    penalty: Decimal | None = None
    penalty_source: str | None = None
    met: bool | None = None
    vetoed: bool = False
    score: Decimal
    score_exact: Decimal
    note: str | None = None

    @classmethod
    def of(cls, s: dict[str, Any]) -> KpiScorePublic:
        return cls(**{**s, "completion": s.get("completion_rounded"), "completion_exact": s.get("completion"),
                      "score": s["score_rounded"], "score_exact": s["score"]})


class TriggerPublic(BaseModel):
    kind: str
    consequence: str
    reason: str
    kpi_codes: list[str] = []


class MemberPublic(BaseModel):
    tenure_id: UUID
    manager_id: UUID
    manager_code: str | None
    manager_name: str | None
    level: str
    letter_key: str
    letter_version: int
    inputs: dict[str, Any] | None
    kpis: list[KpiScorePublic]
    total: Decimal | None
    vetoed: bool | None
    vetoed_by: list[str]
    main_kpi_below_floor: bool | None
    main_kpis_below_floor: list[str]
    proposed_grade: str | None
    grade_reason: str | None
    override: dict[str, Any] | None
    grade: str | None
    rank: int | None
    position: int | None
    group_size: int | None
    exit_triggers: list[TriggerPublic]
    warnings: list[TriggerPublic]
    ranking_warnings: list[TriggerPublic]


class ObjectionPublic(BaseModel):
    objection_id: str
    tenure_id: UUID
    reason: str
    filed_on: date
    outcome: str | None
    decision_reason: str | None
    decided_on: date | None


class RevisionPublic(BaseModel):
    reason: str
    decided_on: date
    tenure_id: UUID | None  # None in a revision recorded before issue 12, which scored every member again
    decision_ref: str | None


class AppraisalPublic(BaseModel):
    id: UUID
    enterprise_id: UUID
    year: int
    status: str
    policy_id: UUID
    policy_version: int
    parameters: dict[str, Any]
    confirmed_on: date | None
    window_ends: date | None
    final_on: date | None
    revisions: list[RevisionPublic]
    objections: list[ObjectionPublic]
    members: list[MemberPublic]
    left_out: dict[UUID, date]  # by tenure: managers who left for cause before the year ended, and when
    version: int

    @classmethod
    def of(cls, a: AnnualAppraisal, members: Mapping[str, MemberAppraisal] | None) -> AppraisalPublic:
        """The group with its members' figures; without them when `members` is None (`members_public` gives them
        one at a time)."""
        return cls(
            id=a.id, enterprise_id=a.enterprise_id, year=a.year, status=a.status, policy_id=a.policy_id,
            policy_version=a.policy_version, parameters=jsonable(a.parameters), confirmed_on=a.confirmed_on,
            window_ends=a.window_ends, final_on=a.final_on, revisions=[RevisionPublic(**r.to_dict()) for r in a.revisions],
            objections=[ObjectionPublic(**o.to_dict()) for o in a.objections.values()],
            members=[] if members is None else list(members_public(a, members, a.members)), left_out=dict(a.left_out),
            version=a.version,
        )


def members_public(a: AnnualAppraisal, members: Mapping[str, MemberAppraisal], tenure_ids: Iterable[str]
                   ) -> Iterator[MemberPublic]:  # fmt: skip
    return (member_public(a, t, members.get(t)) for t in tenure_ids)


def member_public(a: AnnualAppraisal, tenure_id: str, member: MemberAppraisal | None) -> MemberPublic:
    """One member's figures, each with what it rests on: from its own stream, or for a group recorded before
    members had streams, from the group's events."""
    m = a.members[tenure_id]
    figures = member.figures if member is not None else a.legacy.figures(tenure_id) or MemberFigures()
    score, report = figures.score, figures.report or TriggerReport()
    proposal = (member.proposal if member is not None else None) or a.proposals.get(tenure_id)  # with its reason
    override = a.overrides.get(tenure_id)
    return MemberPublic(
        tenure_id=tenure_id, manager_id=m.manager_id, manager_code=m.manager_code, manager_name=m.manager_name,
        level=m.level, letter_key=m.letter_key, letter_version=m.letter_version, inputs=figures.inputs_json(),
        kpis=[KpiScorePublic.of(k.to_dict()) for k in score.kpis] if score else [],
        total=score.total if score else None, vetoed=score.vetoed if score else None,
        vetoed_by=list(score.vetoed_by) if score else [],
        main_kpi_below_floor=score.main_kpi_below_floor if score else None,
        main_kpis_below_floor=list(score.main_kpis_below_floor) if score else [],
        proposed_grade=proposal.grade if proposal else None, grade_reason=proposal.reason if proposal else None,
        override=jsonable(override.to_dict()) if override else None, grade=a.grades.get(tenure_id),
        rank=proposal.rank if proposal else None, position=proposal.position if proposal else None,
        group_size=proposal.group_size if proposal else None,
        exit_triggers=[TriggerPublic(**asdict(t)) for t in report.exit_triggers],
        warnings=[TriggerPublic(**asdict(t)) for t in report.warnings],
        ranking_warnings=[TriggerPublic(**asdict(t)) for t in report.ranking_warnings],
    )


class AppraisalSummary(BaseModel):
    id: UUID
    enterprise_id: UUID
    year: int
    status: str
    policy_version: int


class RankingRow(BaseModel):
    position: int | None
    rank: int | None
    manager_code: str | None
    manager_name: str | None
    tenure_id: UUID
    total: str | None
    vetoed: bool | None
    proposed_grade: str | None
    grade: str | None

    @classmethod
    def of(cls, m: MemberPublic) -> RankingRow:
        return cls(position=m.position, rank=m.rank, manager_code=m.manager_code, manager_name=m.manager_name,
                   tenure_id=m.tenure_id, total=str(m.total) if m.total is not None else None, vetoed=m.vetoed,
                   proposed_grade=m.proposed_grade, grade=m.grade)
