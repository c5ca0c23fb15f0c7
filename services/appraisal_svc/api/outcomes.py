"""What appraisals led to: tenure appraisals, warnings and exit proposals of a manager; and what this
service has learned of a tenure from the contract side."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from shared.knowledge.tables import known_letters, tenure
from services.appraisal_svc.adapters.read_models import appraisal_results_view, exit_proposals_view
from services.appraisal_svc.domain.outcomes import TenureAppraisal
from shared.api.deps import ReadDep, ReadUowDep
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.auth.scope import manager_at, tenure_at
from shared.messages import jsonable

router = APIRouter(tags=["outcomes"], route_class=CommandRoute)


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


@router.get("/tenure-appraisals/{tenure_id}", response_model=TenureAppraisalPublic,
            dependencies=[allow("result.read", tenure_at(), what="tenure")])
async def tenure_appraisal(tenure_id: UUID, uow: ReadUowDep) -> TenureAppraisalPublic:
    """The tenure appraisal, done with the final year's: the mean of the annual scores, grade, coefficient."""
    record = await uow.load(TenureAppraisal, TenureAppraisal.create_id(tenure_id))
    r = jsonable(record.result)
    return TenureAppraisalPublic(
        tenure_id=record.tenure_id, manager_id=record.manager_id, tenure_score=r["score"], tenure_grade=r["grade"],
        tenure_coefficient=r["coefficient"], basis=r["basis"], annual_totals=r["annual_totals"],
        exit_triggers=r["exit_triggers"], policy_id=record.policy_id, policy_version=record.policy_version,
        final_on=record.final_on.isoformat(),
    )


@router.get("/managers/{manager_id}/warnings", dependencies=[allow("result.read", manager_at(), what="manager")])
async def manager_warnings(manager_id: UUID, conn: ReadDep) -> dict[str, Any]:
    """Every final year's warnings and exit triggers of a manager, and the exit proposals they led to."""
    results = (await conn.execute(
        select(appraisal_results_view).where(appraisal_results_view.c.manager_id == str(manager_id),
                                             appraisal_results_view.c.status == "final")
        .order_by(appraisal_results_view.c.year))).all()
    proposals = (await conn.execute(
        select(exit_proposals_view).where(exit_proposals_view.c.manager_id == str(manager_id))
        .order_by(exit_proposals_view.c.year))).all()
    return {
        "manager_id": str(manager_id),
        "years": [{"year": r.year, "grade": r.grade, "total": jsonable(r.total), "exit_triggers": r.exit_triggers,
                   "warnings": r.warnings, "ranking_warnings": r.ranking_warnings} for r in results],
        "exit_proposals": [jsonable(dict(p._mapping)) for p in proposals],
    }


@router.get("/known/tenures/{tenure_id}", dependencies=[allow("knowledge.read")])  # group-wide: auditors, operations
async def known_tenure(tenure_id: UUID, conn: ReadDep) -> dict[str, Any]:
    """What this service has learned of a tenure from the contract service's messages so far."""
    row = await tenure(conn, tenure_id)
    letters = (await conn.execute(select(known_letters).where(known_letters.c.tenure_id == str(tenure_id))
                                  .order_by(known_letters.c.key, known_letters.c.version_number))).all()
    return {
        **jsonable(dict(row._mapping)),
        "letters": [{"key": l.key, "version_number": l.version_number, "year": l.year,
                     "signed": bool(l.signed_by_enterprise and l.signed_by_manager)} for l in letters],
    }
