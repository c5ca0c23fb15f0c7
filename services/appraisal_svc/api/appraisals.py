"""Annual appraisals of appraisal groups, from opening to final, with their full explanation."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel
from sqlalchemy import select

from services.appraisal_svc.adapters.read_models import appraisals_view
from services.appraisal_svc.adapters.scope import appraisal_at, require_enterprise, require_objector
from services.appraisal_svc.application import appraisals as handlers
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.api.schemas import AppraisalPublic
from services.appraisal_svc.domain.annual import AnnualAppraisal
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow

router = APIRouter(prefix="/appraisals", tags=["appraisals"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
DECIDE = [allow("appraisal.decide", appraisal_at(), what="appraisal")]  # the committee of the group's enterprise
READ = [allow("appraisal.read", appraisal_at(), what="appraisal")]


def answer(response: Response, appraisal: AnnualAppraisal) -> AppraisalPublic:
    with_version(response, appraisal.version)
    return AppraisalPublic.of(appraisal)


@router.post("", status_code=CREATED, response_model=AppraisalPublic, dependencies=[allow("appraisal.open")])
async def open_appraisal(cmd: c.OpenAppraisal, uow: UowDep, access: AccessDep, response: Response) -> AppraisalPublic:
    """Open the year's appraisal of an enterprise's managers, each under their signed annual letter."""
    await require_enterprise(access, cmd.enterprise_id)
    return answer(response, await handlers.open_appraisal(uow, cmd))


@router.post("/{appraisal_id}/closing", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def close(appraisal_id: UUID, cmd: c.CloseAppraisal, uow: UowDep, version: IfMatchDep, response: Response) -> AppraisalPublic:
    """Score everyone on audited figures and propose grades; refused with the list of what is missing."""
    return answer(response, await handlers.close_appraisal(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/confirmation", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def confirm(appraisal_id: UUID, cmd: c.ConfirmAppraisal, uow: UowDep, version: IfMatchDep, response: Response) -> AppraisalPublic:
    """The committee confirms the proposed grades (overrides with reasons); the objection window opens."""
    return answer(response, await handlers.confirm_appraisal(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/objections", status_code=CREATED, response_model=AppraisalPublic,
             dependencies=[allow("objection.file")])
async def object_to(appraisal_id: UUID, cmd: c.FileObjection, uow: UowDep, access: AccessDep, version: IfMatchDep,
                    response: Response) -> AppraisalPublic:
    """The manager's objection to their own figures, within the window the confirmation opened."""
    await require_objector(access, appraisal_id, cmd.tenure_id)
    return answer(response, await handlers.file_objection(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/objections/{objection_id}/decision", status_code=CREATED, response_model=AppraisalPublic,
             dependencies=DECIDE)
async def decide_objection(appraisal_id: UUID, objection_id: str, cmd: c.DecideObjection, uow: UowDep,
                           version: IfMatchDep, response: Response) -> AppraisalPublic:
    """Upheld: scored again on the corrected figures; rejected: recorded with the reason."""
    return answer(response, await handlers.decide_objection(uow, appraisal_id, objection_id, cmd, version))


@router.post("/{appraisal_id}/finalisation", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def finalise(appraisal_id: UUID, cmd: c.FinaliseAppraisal, uow: UowDep, version: IfMatchDep, response: Response) -> AppraisalPublic:
    """Final after the window: warnings, exit proposals and, in a tenure's last year, its tenure appraisal."""
    return answer(response, await handlers.finalise_appraisal(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/revision", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def revise(appraisal_id: UUID, cmd: c.ReviseAppraisal, uow: UowDep, version: IfMatchDep, response: Response) -> AppraisalPublic:
    """Score a final appraisal again on corrected figures (a decision with a reason); payroll corrects what it paid."""
    return answer(response, await handlers.revise_appraisal(uow, appraisal_id, cmd, version))


class AppraisalSummary(BaseModel):
    id: UUID
    enterprise_id: UUID
    year: int
    status: str
    policy_version: int


@router.get("", response_model=list[AppraisalSummary], dependencies=[allow("appraisal.read")])
async def list_appraisals(
    conn: ReadDep, access: AccessDep,
    enterprise_id: Annotated[UUID | None, Query()] = None, year: Annotated[int | None, Query()] = None,
) -> list[AppraisalSummary]:
    """The appraisals of the enterprises the caller's grants reach."""
    reachable = await access.where(appraisals_view.c.enterprise_id)
    query = select(appraisals_view).where(reachable).order_by(appraisals_view.c.year)
    if enterprise_id:
        query = query.where(appraisals_view.c.enterprise_id == str(enterprise_id))
    if year:
        query = query.where(appraisals_view.c.year == year)
    return [AppraisalSummary.model_validate(r._mapping) for r in (await conn.execute(query)).all()]


@router.get("/{appraisal_id}", response_model=AppraisalPublic, dependencies=READ)
async def get_appraisal(appraisal_id: UUID, uow: ReadUowDep, response: Response) -> AppraisalPublic:
    """The appraisal with every figure and what it rests on: inputs, rule, parameters, policy version."""
    return answer(response, await uow.load(AnnualAppraisal, appraisal_id))


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


@router.get("/{appraisal_id}/ranking", response_model=list[RankingRow], dependencies=READ)
async def ranking(appraisal_id: UUID, uow: ReadUowDep) -> list[RankingRow]:
    """The group's annual ranking: best first, unqualified ones last, ties sharing a place."""
    members = AppraisalPublic.of(await uow.load(AnnualAppraisal, appraisal_id)).members
    rows = [
        RankingRow(position=m.position, rank=m.rank, manager_code=m.manager_code, manager_name=m.manager_name,
                   tenure_id=m.tenure_id, total=str(m.total) if m.total is not None else None, vetoed=m.vetoed,
                   proposed_grade=m.proposed_grade, grade=m.grade)
        for m in members
    ]
    return sorted(rows, key=lambda r: (r.position is None, r.position or 0, r.manager_code or ""))
