"""What appraisals led to: tenure appraisals, warnings and exit proposals of a manager; and what this
service has learned of a tenure from the contract side."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from services.appraisal_svc.adapters import outcome_queries as queries
from services.appraisal_svc.api.schemas import KpiScorePublic
from services.appraisal_svc.domain.appraisal import AnnualScore
from services.appraisal_svc.domain.outcomes import TenureAppraisal
from shared.api.deps import ReadDep, ReadUowDep
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.auth.scope import manager_at, tenure_at
from shared.knowledge.tables import tenure
from shared.messages import jsonable

router = APIRouter(tags=["outcomes"], route_class=CommandRoute)


class TenureSheetPublic(BaseModel):
    """The tenure letter's sheet as scored: each KPI's figures as an annual appraisal shows them."""

    kpis: list[KpiScorePublic]
    kpi_total: Decimal
    total_unrounded: Decimal
    total: Decimal
    vetoed_by: list[str]
    main_kpis_below_floor: list[str]

    @classmethod
    def of(cls, recorded: dict[str, Any] | None) -> TenureSheetPublic | None:
        if recorded is None:
            return None
        s = AnnualScore.from_dict(recorded)
        return cls(kpis=[KpiScorePublic.of(k.to_dict()) for k in s.kpis], kpi_total=s.kpi_total,
                   total_unrounded=s.total_unrounded, total=s.total, vetoed_by=list(s.vetoed_by),
                   main_kpis_below_floor=list(s.main_kpis_below_floor))


class TenureAppraisalPublic(BaseModel):
    tenure_id: UUID
    manager_id: UUID
    tenure_score: str
    tenure_grade: str
    tenure_coefficient: str
    basis: str
    annual_totals: dict[str, str]
    exit_triggers: list[dict[str, Any]]
    policy_id: UUID
    policy_version: int
    final_on: str
    sheet: TenureSheetPublic | None = Field(
        default=None, description="basis tenure_sheet: the tenure letter's sheet scored against the tenure targets")
    sheet_inputs: dict[str, Any] | None = Field(default=None, description="the tenure period's actuals and ratings used")
    revisions: list[dict[str, Any]] = Field(
        default_factory=list, description="each time a year's revision after final appraised the tenure again: the "
                                          "year, reason, decision reference, day, and the score and coefficient then")

    @classmethod
    def of(cls, record: TenureAppraisal) -> TenureAppraisalPublic:
        r = jsonable(record.result)
        return cls(
            tenure_id=record.tenure_id, manager_id=record.manager_id, tenure_score=r["score"], tenure_grade=r["grade"],
            tenure_coefficient=r["coefficient"], basis=r["basis"], annual_totals=r["annual_totals"],
            exit_triggers=r["exit_triggers"], policy_id=record.policy_id, policy_version=record.policy_version,
            final_on=record.final_on.isoformat(), sheet=TenureSheetPublic.of(record.result.get("sheet")), sheet_inputs=jsonable(record.sheet_inputs),
            revisions=jsonable(list(record.revisions)),
        )


@router.get("/tenure-appraisals/{tenure_id}", response_model=TenureAppraisalPublic,
            dependencies=[allow("result.read", tenure_at(), what="tenure")])
async def tenure_appraisal(tenure_id: UUID, uow: ReadUowDep) -> TenureAppraisalPublic:
    """The tenure appraisal, done with the final year's: the mean of the annual scores, or the tenure letter's own
    sheet scored (basis tenure_sheet); grade, coefficient, and any appraisal again after a year's revision."""
    return TenureAppraisalPublic.of(await uow.load(TenureAppraisal, TenureAppraisal.create_id(tenure_id)))


class YearWarningsPublic(BaseModel):
    year: int
    grade: str | None
    total: str | None
    exit_triggers: list[dict[str, Any]] | None
    warnings: list[dict[str, Any]] | None
    ranking_warnings: list[dict[str, Any]] | None


class ExitProposalPublic(BaseModel):
    id: UUID
    tenure_id: UUID
    manager_id: UUID
    year: int
    basis: str
    triggers: list[dict[str, Any]]
    proposed_on: date
    status: str  # open, or decided once the contract side's decision is learned
    decision: dict[str, Any] | None  # outcome, mode, reason, decision makers and reference, decided and effective on

    @classmethod
    def of(cls, row: Any) -> ExitProposalPublic:
        values = dict(row._mapping)
        return cls.model_validate({**values, "status": "open" if values["decision"] is None else "decided"})


class ManagerWarningsPublic(BaseModel):
    manager_id: UUID
    years: list[YearWarningsPublic]
    exit_proposals: list[ExitProposalPublic]


class KnownLetterPublic(BaseModel):
    key: str
    version_number: int
    year: int | None
    signed: bool


class KnownTenurePublic(BaseModel):
    id: UUID
    manager_id: UUID
    enterprise_id: UUID
    level: str
    position: str
    policy_id: UUID
    policy_version: int
    start_date: date
    end_date: date
    term_number: int
    status: str
    ended_reason: str | None
    ended_on: date | None
    ended_for_cause: bool | None
    letters: list[KnownLetterPublic]


@router.get("/managers/{manager_id}/warnings", response_model=ManagerWarningsPublic,
            dependencies=[allow("result.read", manager_at(), what="manager")])
async def manager_warnings(manager_id: UUID, conn: ReadDep) -> ManagerWarningsPublic:
    """Every final year's warnings and exit triggers of a manager, and the exit proposals they led to."""
    years = [YearWarningsPublic(year=r.year, grade=r.grade, total=jsonable(r.total), exit_triggers=r.exit_triggers,
                                warnings=r.warnings, ranking_warnings=r.ranking_warnings)
             for r in await queries.final_years(conn, manager_id)]
    proposals = [ExitProposalPublic.of(p) for p in await queries.exit_proposals(conn, manager_id)]
    return ManagerWarningsPublic(manager_id=manager_id, years=years, exit_proposals=proposals)


@router.get("/known/tenures/{tenure_id}", response_model=KnownTenurePublic,
            dependencies=[allow("knowledge.read")])  # group-wide: auditors, operations
async def known_tenure(tenure_id: UUID, conn: ReadDep) -> KnownTenurePublic:
    """What this service has learned of a tenure from the contract service's messages so far."""
    row = await tenure(conn, tenure_id)
    letters = [KnownLetterPublic(key=l.key, version_number=l.version_number, year=l.year,
                                 signed=bool(l.signed_by_enterprise and l.signed_by_manager))
               for l in await queries.letters(conn, tenure_id)]
    return KnownTenurePublic(**dict(row._mapping), letters=letters)
