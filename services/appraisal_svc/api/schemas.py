"""How appraisals read over HTTP: every figure with what it rests on, so an auditor can follow it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from services.appraisal_svc.domain.actuals import KpiActuals
from services.appraisal_svc.domain.annual import AnnualAppraisal
from shared.messages import jsonable


class EntryPublic(BaseModel):
    entry_id: str
    kind: str
    kpi_code: str
    value: Decimal
    audited: bool
    source: str
    reference: str | None
    evaluator: str | None
    corrects: str | None
    reason: str | None


class LedgerPublic(BaseModel):
    tenure_id: UUID
    year: int
    entries: list[EntryPublic]
    version: int

    @classmethod
    def of(cls, ledger: KpiActuals) -> LedgerPublic:
        return cls(tenure_id=ledger.tenure_id, year=ledger.year, version=ledger.version,
                   entries=[EntryPublic(**e.__dict__) for e in ledger.entries])


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
    revisions: list[dict[str, Any]]
    objections: list[ObjectionPublic]
    members: list[MemberPublic]
    version: int

    @classmethod
    def of(cls, a: AnnualAppraisal) -> AppraisalPublic:
        return cls(
            id=a.id, enterprise_id=a.enterprise_id, year=a.year, status=a.status, policy_id=a.policy_id,
            policy_version=a.policy_version, parameters=jsonable(a.parameters), confirmed_on=a.confirmed_on,
            window_ends=a.window_ends, final_on=a.final_on, revisions=jsonable(a.revisions),
            objections=[ObjectionPublic(**o) for o in a.objections.values()],
            members=[member_public(a, t, m) for t, m in a.members.items()], version=a.version,
        )


def member_public(a: AnnualAppraisal, tenure_id: str, m: dict[str, Any]) -> MemberPublic:
    """One member's figures, each with what it rests on."""
    result, proposal, report = a.results.get(tenure_id, {}), a.proposals.get(tenure_id, {}), a.reports.get(tenure_id, {})
    return MemberPublic(
        tenure_id=tenure_id, manager_id=m["manager_id"], manager_code=m.get("manager_code"),
        manager_name=m.get("manager_name"), level=m["level"], letter_key=m["letter_key"],
        letter_version=m["letter_version"], inputs=jsonable(a.inputs.get(tenure_id)),
        kpis=[KpiScorePublic.of(k) for k in result.get("kpis", [])], total=result.get("total"),
        vetoed=result.get("vetoed"), vetoed_by=result.get("vetoed_by", []),
        main_kpi_below_floor=result.get("main_kpi_below_floor"),
        main_kpis_below_floor=result.get("main_kpis_below_floor", []),
        proposed_grade=proposal.get("grade"), grade_reason=proposal.get("reason"),
        override=jsonable(a.overrides.get(tenure_id)), grade=a.grades.get(tenure_id), rank=proposal.get("rank"),
        position=proposal.get("position"), group_size=proposal.get("group_size"),
        exit_triggers=report.get("exit_triggers", []), warnings=report.get("warnings", []),
        ranking_warnings=report.get("ranking_warnings", []),
    )
