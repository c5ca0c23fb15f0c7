"""Tenures: the appointment agreement from draft to signed, letters, extension, renewal, expiry, exit."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select

from services.contract_svc.adapters import exit_proposals
from services.contract_svc.adapters.letters import letters_of
from services.contract_svc.adapters.read_models import tenure_row, tenures_view
from services.contract_svc.adapters.targets import enterprise_target, manager_target
from services.contract_svc.application import commands as c
from services.contract_svc.application import letters
from services.contract_svc.application import tenures as handlers
from shared.api.filters import KNOWN_FILTERS
from services.contract_svc.api.scope import reach
from services.contract_svc.api.tenure_schemas import TenurePublic, TenureSummary
from services.contract_svc.domain.letter import PerformanceLetter
from services.contract_svc.domain.tenure import Tenure
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.pagination import Page, PageDep, fetch_page
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import tenure_at
from shared.unit_of_work import UnitOfWork

router = APIRouter(prefix="/tenures", tags=["tenures"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED


async def answer(uow: UnitOfWork, response: Response, tenure: Tenure, etag: int | None = None) -> TenurePublic:
    """The tenure with its letters and the exit proposals received for it; the ETag is the tenure's version,
    or `etag`: the version of the letter a letter command acted on, which its next command names in If-Match."""
    with_version(response, tenure.version if etag is None else etag)
    letters = await letters_of(uow, tenure)
    return TenurePublic.of(tenure, letters, await exit_proposals.received_for_tenure(uow, tenure.id))


async def letter_answer(uow: UnitOfWork, response: Response, acted: tuple[Tenure, PerformanceLetter]) -> TenurePublic:
    tenure, letter = acted
    return await answer(uow, response, tenure, letter.version)


@router.post("", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.draft")])
async def open_tenure(cmd: c.OpenTenure, uow: UowDep, access: AccessDep, response: Response) -> TenurePublic:
    """A draft tenure with its appointment agreement, under the policy in force at its start."""
    await reach(access, await manager_target(access.directory, cmd.manager_id), field="manager_id", what="manager")
    return await answer(uow, response, await handlers.open_tenure(uow, cmd))


@router.post("/close-expired", response_model=list[TenureSummary], dependencies=[allow("tenure.draft")])
async def close_expired(cmd: c.CloseExpiredTenures, uow: UowDep, access: AccessDep) -> list[TenureSummary]:
    """End the active tenures that ran out before `as_of` without renewal (自然免职): of `enterprise_id`, or
    without it of every enterprise your grants reach (the whole group only with a group-wide grant)."""
    if cmd.enterprise_id:
        target = await enterprise_target(access.directory, cmd.enterprise_id)
        await reach(access, target, field="enterprise_id", what="enterprise")
    within = await access.where(tenures_view.c.enterprise_id)
    closed = await handlers.close_expired(uow, cmd, within)
    return [TenureSummary(**_summary(t)) for t in closed]


@router.post("/{tenure_id}/review", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.decide", tenure_at(), what="tenure")])
async def review(tenure_id: UUID, cmd: c.ReviewAgreement, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    """The party committee's pre-review of the agreement (三重一大)."""
    return await answer(uow, response, await handlers.review_agreement(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/approval", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.decide", tenure_at(), what="tenure")])
async def approve(tenure_id: UUID, cmd: c.ApproveAgreement, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    return await answer(uow, response, await handlers.approve_agreement(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/signatures", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.sign", tenure_at(), what="tenure")])
async def sign(
    tenure_id: UUID, cmd: c.Sign, uow: UowDep, access: AccessDep, version: IfMatchDep, response: Response
) -> TenurePublic:
    """Sign the agreement as yourself: the enterprise through an authorised signer, the manager in person."""
    return await answer(uow, response, await handlers.sign_agreement(uow, tenure_id, cmd, version, access))


@router.post("/{tenure_id}/activation", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.draft", tenure_at(), what="tenure")])
async def activate(tenure_id: UUID, cmd: c.ActivateTenure, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    return await answer(uow, response, await handlers.activate_tenure(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/letters", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.draft", tenure_at(), what="tenure")])
async def issue_letter(tenure_id: UUID, cmd: c.IssueLetter, uow: UowDep, response: Response) -> TenurePublic:
    """An annual letter for a year the tenure touches, or the tenure letter, with its KPI sheet. The ETag
    answered is the new letter's version, for If-Match on its signatures and revisions."""
    return await letter_answer(uow, response, await letters.issue_letter(uow, tenure_id, cmd))


@router.post("/{tenure_id}/letters/{key}/signatures", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.sign", tenure_at(), what="tenure")])
async def sign_letter(
    tenure_id: UUID, key: str, cmd: c.Sign, uow: UowDep, access: AccessDep, version: IfMatchDep, response: Response
) -> TenurePublic:
    """Sign a letter as yourself, under the same authority as the agreement; If-Match names the letter's version."""
    return await letter_answer(uow, response, await letters.sign_letter(uow, tenure_id, key, cmd, version, access))


@router.post("/{tenure_id}/letters/{key}/revisions", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.draft", tenure_at(), what="tenure")])
async def revise_letter(
    tenure_id: UUID, key: str, cmd: c.ReviseLetter, uow: UowDep, version: IfMatchDep, response: Response
) -> TenurePublic:
    """A new version of a letter, with a reason; a signed version is never edited. If-Match names the letter's
    version."""
    return await letter_answer(uow, response, await letters.revise_letter(uow, tenure_id, key, cmd, version))


@router.post("/{tenure_id}/extensions", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.decide", tenure_at(), what="tenure")])
async def extend(tenure_id: UUID, cmd: c.ExtendTenure, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    """Extend the term by a recorded decision with a reason, within the policy's limit."""
    return await answer(uow, response, await handlers.extend_tenure(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/renewal", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.draft", tenure_at(), what="tenure")])
async def renew(tenure_id: UUID, cmd: c.RenewTenure, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    """Open the next term under a new agreement; answers with the new tenure."""
    return await answer(uow, response, await handlers.renew_tenure(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/termination", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.decide", tenure_at(), what="tenure")])
async def terminate(tenure_id: UUID, cmd: c.TerminateTenure, uow: UowDep, version: IfMatchDep, response: Response) -> TenurePublic:
    """End the tenure early: rigid exit or flexible adjustment, with reason and decision makers."""
    return await answer(uow, response, await handlers.terminate_tenure(uow, tenure_id, cmd, version))


@router.post("/{tenure_id}/exit-decisions", status_code=CREATED, response_model=TenurePublic, dependencies=[allow("tenure.decide", tenure_at(), what="tenure")])
async def decide_exit(
    tenure_id: UUID, cmd: c.DecideExitProposal, uow: UowDep, version: IfMatchDep, response: Response
) -> TenurePublic:
    """Record the decision on an exit proposal: exit, flexible adjustment, or declined with a reason."""
    return await answer(uow, response, await handlers.decide_exit_proposal(uow, tenure_id, cmd, version))


@router.get("", response_model=Page[TenureSummary], dependencies=[allow("tenure.read"), KNOWN_FILTERS])
async def list_tenures(
    conn: ReadDep,
    access: AccessDep,
    paging: PageDep,
    manager_id: Annotated[UUID | None, Query()] = None,
    enterprise_id: Annotated[UUID | None, Query()] = None,
    status_is: Annotated[str | None, Query(alias="status")] = None,
) -> Page[TenureSummary]:
    visible = await access.where(tenures_view.c.enterprise_id, tenures_view.c.manager_id)
    query = select(tenures_view).where(visible).order_by(tenures_view.c.start_date, tenures_view.c.id)
    if manager_id:
        query = query.where(tenures_view.c.manager_id == str(manager_id))
    if enterprise_id:
        query = query.where(tenures_view.c.enterprise_id == str(enterprise_id))
    if status_is:
        query = query.where(tenures_view.c.status == status_is)
    rows, total = await fetch_page(conn, query, paging)
    items = [TenureSummary.model_validate(r._mapping) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/{tenure_id}", response_model=TenurePublic, dependencies=[allow("tenure.read", tenure_at(), what="tenure")])
async def get_tenure(tenure_id: UUID, uow: ReadUowDep, response: Response) -> TenurePublic:
    """A tenure with its agreement, letters and KPI sheets, and every decision taken on it."""
    return await answer(uow, response, await uow.load(Tenure, tenure_id))


def _summary(t: Tenure) -> dict:
    return {"id": t.id, **tenure_row(t)}
