"""Managers under contract."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select

from services.contract_svc.adapters.read_models import managers_view
from services.contract_svc.adapters.targets import enterprise_target
from services.contract_svc.application import handlers
from services.contract_svc.application.commands import RegisterManager
from shared.api.filters import KNOWN_FILTERS
from services.contract_svc.api.schemas import ManagerPublic
from services.contract_svc.api.scope import reach
from services.contract_svc.domain.manager import Manager
from shared.api.deps import ReadDep, ReadUowDep, UowDep
from shared.api.pagination import Page, PageDep, fetch_page
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import manager_at

router = APIRouter(prefix="/managers", tags=["managers"], route_class=CommandRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ManagerPublic, dependencies=[allow("manager.register")])
async def register_manager(cmd: RegisterManager, uow: UowDep, access: AccessDep, response: Response) -> ManagerPublic:
    await reach(access, await enterprise_target(access.directory, cmd.enterprise_id), field="enterprise_id",
                what="enterprise")
    manager = await handlers.register_manager(uow, cmd)
    with_version(response, manager.version)
    return ManagerPublic.of(manager)


@router.get("", response_model=Page[ManagerPublic], dependencies=[allow("manager.read"), KNOWN_FILTERS])
async def list_managers(
    conn: ReadDep,
    access: AccessDep,
    paging: PageDep,
    enterprise_id: Annotated[UUID | None, Query()] = None,
    level: Annotated[str | None, Query()] = None,
    code: Annotated[str | None, Query()] = None,
) -> Page[ManagerPublic]:
    visible = await access.where(managers_view.c.enterprise_id, managers_view.c.id)
    query = select(managers_view).where(visible).order_by(managers_view.c.code)
    if enterprise_id:
        query = query.where(managers_view.c.enterprise_id == str(enterprise_id))
    if level:
        query = query.where(managers_view.c.level == level)
    if code:
        query = query.where(managers_view.c.code == code)
    rows, total = await fetch_page(conn, query, paging)
    items = [ManagerPublic.model_validate(r._mapping) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/{manager_id}", response_model=ManagerPublic, dependencies=[allow("manager.read", manager_at(), what="manager")])
async def get_manager(manager_id: UUID, uow: ReadUowDep, response: Response) -> ManagerPublic:
    manager = await uow.load(Manager, manager_id)
    with_version(response, manager.version)
    return ManagerPublic.of(manager)
