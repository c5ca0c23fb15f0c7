"""Target bids (摘标): targets and pay published for a position, then taken or declined."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from services.contract_svc.adapters.targets import bid_at, enterprise_target
from services.contract_svc.application import bids as handlers
from services.contract_svc.application import commands as c
from services.contract_svc.api.scope import reach, reach_respondent
from services.contract_svc.api.schemas import BidPublic
from services.contract_svc.domain.bid import TargetBid
from shared.api.deps import IfMatchDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow

router = APIRouter(prefix="/bids", tags=["target bids"], route_class=CommandRoute)


def answer(response: Response, bid: TargetBid) -> BidPublic:
    with_version(response, bid.version)
    return BidPublic.of(bid)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BidPublic, dependencies=[allow("tenure.draft")])
async def publish(cmd: c.PublishBid, uow: UowDep, access: AccessDep, response: Response) -> BidPublic:
    await reach(access, await enterprise_target(access.directory, cmd.enterprise_id), field="enterprise_id",
                what="enterprise")
    return answer(response, await handlers.publish_bid(uow, cmd))


@router.post("/{bid_id}/acceptance", status_code=status.HTTP_201_CREATED, response_model=BidPublic, dependencies=[allow("bid.respond")])
async def accept(
    bid_id: UUID, cmd: c.AcceptBid, uow: UowDep, access: AccessDep, version: IfMatchDep, response: Response
) -> BidPublic:
    """The manager takes the bid with a signed confirmation, in person; the bid closes."""
    await reach_respondent(access, bid_id, cmd.manager_id)
    return answer(response, await handlers.accept_bid(uow, bid_id, cmd, version))


@router.post("/{bid_id}/declines", status_code=status.HTTP_201_CREATED, response_model=BidPublic, dependencies=[allow("bid.respond")])
async def decline(
    bid_id: UUID, cmd: c.DeclineBid, uow: UowDep, access: AccessDep, version: IfMatchDep, response: Response
) -> BidPublic:
    """A manager declines, in person; it is recorded and the bid stays open for another."""
    await reach_respondent(access, bid_id, cmd.manager_id)
    return answer(response, await handlers.decline_bid(uow, bid_id, cmd, version))


@router.get("/{bid_id}", response_model=BidPublic, dependencies=[allow("tenure.read", bid_at(), what="bid")])
async def get_bid(bid_id: UUID, uow: ReadUowDep, response: Response) -> BidPublic:
    return answer(response, await uow.load(TargetBid, bid_id))
