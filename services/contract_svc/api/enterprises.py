"""Enterprises of the group and their signing authorisations."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select

from services.contract_svc.adapters.read_models import enterprises_view
from services.contract_svc.application import handlers
from services.contract_svc.application.commands import AuthoriseSigner, RegisterEnterprise
from shared.api.filters import KNOWN_FILTERS
from services.contract_svc.api.schemas import EnterprisePublic, EnterpriseSummary
from services.contract_svc.domain.enterprise import Enterprise
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.pagination import Page, PageDep, fetch_page
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import enterprise_at

router = APIRouter(prefix="/enterprises", tags=["enterprises"], route_class=CommandRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=EnterprisePublic, dependencies=[allow("enterprise.register")])
async def register_enterprise(cmd: RegisterEnterprise, uow: UowDep, response: Response) -> EnterprisePublic:
    enterprise = await handlers.register_enterprise(uow, cmd)
    with_version(response, enterprise.version)
    return EnterprisePublic.of(enterprise)


@router.post("/{enterprise_id}/signing-authorisations", status_code=status.HTTP_201_CREATED, response_model=EnterprisePublic, dependencies=[allow("signer.authorise", enterprise_at(), what="enterprise")])
async def authorise_signer(
    enterprise_id: UUID, cmd: AuthoriseSigner, uow: UowDep, version: IfMatchDep, response: Response
) -> EnterprisePublic:
    """Record a board (or controlling shareholder) authorisation to sign agreements and letters."""
    enterprise = await handlers.authorise_signer(uow, enterprise_id, cmd, version)
    with_version(response, enterprise.version)
    return EnterprisePublic.of(enterprise)


@router.get("", response_model=Page[EnterpriseSummary], dependencies=[allow("enterprise.read"), KNOWN_FILTERS])
async def list_enterprises(
    conn: ReadDep, access: AccessDep, paging: PageDep, category: Annotated[str | None, Query()] = None
) -> Page[EnterpriseSummary]:
    visible = await access.where(enterprises_view.c.id)
    query = select(enterprises_view).where(visible).order_by(enterprises_view.c.code)
    if category:
        query = query.where(enterprises_view.c.category == category)
    rows, total = await fetch_page(conn, query, paging)
    items = [EnterpriseSummary.model_validate(r._mapping) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/{enterprise_id}", response_model=EnterprisePublic, dependencies=[allow("enterprise.read", enterprise_at(), what="enterprise")])
async def get_enterprise(enterprise_id: UUID, uow: ReadUowDep, response: Response) -> EnterprisePublic:
    enterprise = await uow.load(Enterprise, enterprise_id)
    with_version(response, enterprise.version)
    return EnterprisePublic.of(enterprise)
