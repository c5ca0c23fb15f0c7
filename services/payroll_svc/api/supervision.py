"""What supervisors measure of pay: the performance-pay share by level, and whose pay followed an appraisal.
The contract service asks for it (GET /supervision there) to answer all of a supervisor's figures at once."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.adapters.supervision import plans_in_force
from services.payroll_svc.domain import supervision as s
from shared.api.deps import ReadUowDep
from shared.api.filters import KNOWN_FILTERS
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow

router = APIRouter(prefix="/supervision", tags=["supervision"], route_class=CommandRoute)


# the domain's figures as they are (as the ledger's entries are answered): defined once
LevelSharePublic = s.LevelShare
PayFollowedAppraisalPublic = s.PayFollowedAppraisal


class PaySupervision(BaseModel):
    on: date
    enterprise_id: UUID | None
    performance_share_by_level: list[LevelSharePublic]
    pay_followed_appraisal: PayFollowedAppraisalPublic


@router.get("/pay", response_model=PaySupervision, dependencies=[allow("supervision.read"), KNOWN_FILTERS])
async def pay_supervision(uow: ReadUowDep, access: AccessDep, on: Annotated[date, Query()],
                          enterprise_id: Annotated[UUID | None, Query()] = None) -> PaySupervision:
    """Over the pay plans in force on `on`, of `enterprise_id` or of every enterprise your grants reach."""
    plans = await plans_in_force(uow, on, enterprise_id, await access.where(accounts_view.c.enterprise_id))
    return PaySupervision(
        on=on, enterprise_id=enterprise_id,
        performance_share_by_level=s.shares_by_level(plans), pay_followed_appraisal=s.pay_followed_appraisal(plans),
    )
