"""Annual appraisals of appraisal groups, from opening to final, with their full explanation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from services.appraisal_svc.adapters.appraisal_queries import appraisal_page, members_in_parts, members_of
from services.appraisal_svc.adapters.read_models import appraisals_view
from services.appraisal_svc.adapters.scope import appraisal_at, require_enterprise, require_objector
from services.appraisal_svc.application import appraisals as handlers
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.api.schemas import AppraisalPublic, AppraisalSummary, RankingRow, members_public
from services.appraisal_svc.domain.annual import AnnualAppraisal
from services.appraisal_svc.domain.member import MemberAppraisal
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.pagination import Page, PageDep
from shared.api.responses import joined, rendered, with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.unit_of_work import UnitOfWork

router = APIRouter(prefix="/appraisals", tags=["appraisals"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
DECIDE = [allow("appraisal.decide", appraisal_at(), what="appraisal")]  # the committee of the group's enterprise
READ = [allow("appraisal.read", appraisal_at(), what="appraisal")]


async def answer(uow: UnitOfWork, group: AnnualAppraisal, status_code: int = CREATED,
                 members: Sequence[bytes] | None = None) -> Response:
    """The group (AppraisalPublic) with its members' figures, read and rendered a part at a time (or `members`,
    rendered as a step recorded them); its version as ETag, for If-Match."""
    if members is None:
        members = [joined(members_public(group, found, part)) async for part, found in members_in_parts(uow, group)]
    answered = rendered(AppraisalPublic.of(group, None), "members", members, status_code)
    with_version(answered, group.version)
    return answered


class Rendered(list[bytes]):
    """The members' figures rendered as a step records each part: the answer need not read them again."""

    def __call__(self, group: AnnualAppraisal, part: dict[str, MemberAppraisal]) -> None:
        self.append(joined(members_public(group, part, part)))


@router.post("", status_code=CREATED, response_model=AppraisalPublic, dependencies=[allow("appraisal.open")])
async def open_appraisal(cmd: c.OpenAppraisal, uow: UowDep, access: AccessDep) -> Response:
    """Open the year's appraisal of an enterprise's managers, each under their signed annual letter."""
    await require_enterprise(access, cmd.enterprise_id)
    return await answer(uow, await handlers.open_appraisal(uow, cmd))


@router.post("/{appraisal_id}/closing", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def close(appraisal_id: UUID, cmd: c.CloseAppraisal, uow: UowDep, version: IfMatchDep) -> Response:
    """Score everyone on audited figures and propose grades; refused with the list of what is missing."""
    members = Rendered()
    return await answer(uow, await handlers.close_appraisal(uow, appraisal_id, cmd, version, members), members=members)


@router.post("/{appraisal_id}/confirmation", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def confirm(appraisal_id: UUID, cmd: c.ConfirmAppraisal, uow: UowDep, version: IfMatchDep) -> Response:
    """The committee confirms the proposed grades (overrides with reasons); the objection window opens."""
    return await answer(uow, await handlers.confirm_appraisal(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/objections", status_code=CREATED, response_model=AppraisalPublic,
             dependencies=[allow("objection.file")])
async def object_to(appraisal_id: UUID, cmd: c.FileObjection, uow: UowDep, access: AccessDep,
                    version: IfMatchDep) -> Response:
    """The manager's objection to their own figures, within the window the confirmation opened."""
    await require_objector(access, appraisal_id, cmd.tenure_id)
    return await answer(uow, await handlers.file_objection(uow, appraisal_id, cmd, version))


@router.post("/{appraisal_id}/objections/{objection_id}/decision", status_code=CREATED, response_model=AppraisalPublic,
             dependencies=DECIDE)
async def decide_objection(appraisal_id: UUID, objection_id: str, cmd: c.DecideObjection, uow: UowDep,
                           version: IfMatchDep) -> Response:
    """Upheld: scored again on the corrected figures; rejected: recorded with the reason."""
    return await answer(uow, await handlers.decide_objection(uow, appraisal_id, objection_id, cmd, version))


@router.post("/{appraisal_id}/finalisation", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def finalise(appraisal_id: UUID, cmd: c.FinaliseAppraisal, uow: UowDep, version: IfMatchDep) -> Response:
    """Final after the window: warnings, exit proposals and, in a tenure's last year, its tenure appraisal."""
    members = Rendered()
    return await answer(uow, await handlers.finalise_appraisal(uow, appraisal_id, cmd, version, members),
                        members=members)


@router.post("/{appraisal_id}/revision", status_code=CREATED, response_model=AppraisalPublic, dependencies=DECIDE)
async def revise(appraisal_id: UUID, cmd: c.ReviseAppraisal, uow: UowDep, version: IfMatchDep) -> Response:
    """Score the member named again on corrected figures (a decision with a reason and its reference); payroll
    corrects what it paid."""
    return await answer(uow, await handlers.revise_appraisal(uow, appraisal_id, cmd, version))


@router.get("", response_model=Page[AppraisalSummary], dependencies=[allow("appraisal.read")])
async def list_appraisals(
    conn: ReadDep, access: AccessDep, paging: PageDep,
    enterprise_id: Annotated[UUID | None, Query()] = None, year: Annotated[int | None, Query()] = None,
) -> Page[AppraisalSummary]:
    """The appraisals of the enterprises the caller's grants reach, a page at a time, earliest year first."""
    rows, total = await appraisal_page(conn, await access.where(appraisals_view.c.enterprise_id), paging,
                                       enterprise_id, year)
    return Page(items=[AppraisalSummary.model_validate(r._mapping) for r in rows], total=total,
                page=paging.page, page_size=paging.page_size)


@router.get("/{appraisal_id}", response_model=AppraisalPublic, dependencies=READ)
async def get_appraisal(appraisal_id: UUID, uow: ReadUowDep) -> Response:
    """The appraisal with every figure and what it rests on: inputs, rule, parameters, policy version."""
    return await answer(uow, await uow.load(AnnualAppraisal, appraisal_id), status.HTTP_200_OK)


@router.get("/{appraisal_id}/ranking", response_model=Page[RankingRow], dependencies=READ)
async def ranking(appraisal_id: UUID, uow: ReadUowDep, paging: PageDep) -> Page[RankingRow]:
    """The group's annual ranking, a page at a time: best first, unqualified ones last, ties sharing a place."""
    group = await uow.load(AnnualAppraisal, appraisal_id)
    rows = sorted((RankingRow.of(m) for m in members_public(group, await members_of(uow, group), group.members)),
                  key=lambda r: (r.position is None, r.position or 0, r.manager_code or ""))
    start = (paging.page - 1) * paging.page_size
    return Page(items=rows[start:start + paging.page_size], total=len(rows), page=paging.page, page_size=paging.page_size)
