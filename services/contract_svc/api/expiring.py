"""The expiry warning: tenures ending within their policy's window, and the command that warns of them once."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.contract_svc.adapters.read_models import tenures_view
from services.contract_svc.adapters.targets import enterprise_target
from shared.api.filters import KNOWN_FILTERS
from services.contract_svc.api.scope import reach
from services.contract_svc.application import expiry
from shared.api.deps import ReadUowDep, UowDep
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow

router = APIRouter(prefix="/tenures", tags=["tenures"], route_class=CommandRoute)


class ExpiringTenure(BaseModel):
    tenure_id: UUID
    manager_id: UUID
    enterprise_id: UUID
    end: date
    days_left: int
    window_days: int
    warned_on: date | None  # when `tenure.expiring` was recorded; None until the warning command runs

    @classmethod
    def of(cls, item: expiry.Expiring) -> ExpiringTenure:
        t = item.tenure
        return cls(tenure_id=t.id, manager_id=t.manager_id, enterprise_id=t.enterprise_id, end=t.end,
                   days_left=item.days_left, window_days=item.params.expiry_warning_days, warned_on=t.expiry_warned_on)


@router.get("/expiring", response_model=list[ExpiringTenure], dependencies=[allow("tenure.read"), KNOWN_FILTERS])
async def list_expiring(uow: ReadUowDep, access: AccessDep, on: Annotated[date, Query()],
                        enterprise_id: Annotated[UUID | None, Query()] = None) -> list[ExpiringTenure]:
    """Tenures in force on `on`, not renewed, whose term ends within their policy's `expiry_warning_days`:
    of `enterprise_id`, or of every enterprise your grants reach; soonest first."""
    within = await access.where(tenures_view.c.enterprise_id, tenures_view.c.manager_id)
    return [ExpiringTenure.of(item) for item in await expiry.expiring(uow, on, enterprise_id, within)]


@router.post("/expiry-warnings", response_model=list[ExpiringTenure], dependencies=[allow("tenure.warn_expiry")])
async def warn_expiring(cmd: expiry.WarnExpiringTenures, uow: UowDep, access: AccessDep) -> list[ExpiringTenure]:
    """Record `Tenure.ExpiryWarned` (the ERP's `tenure.expiring`) for each tenure newly within its window on
    `as_of`; answers those warned now, so a second call the same day answers none. Meant for a daily scheduler."""
    if cmd.enterprise_id:
        await reach(access, await enterprise_target(access.directory, cmd.enterprise_id), field="enterprise_id",
                    what="enterprise")
    within = await access.where(tenures_view.c.enterprise_id)
    return [ExpiringTenure.of(item) for item in await expiry.warn_expiring(uow, cmd, within)]
