"""Handlers for target bids (摘标): targets and pay published first, then taken or declined."""

from __future__ import annotations

from uuid import UUID

from services.contract_svc.application import commands as c
from services.contract_svc.application.handlers import applicable_policy, existing
from services.contract_svc.domain.bid import TargetBid
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from shared.errors import RuleViolationError
from shared.unit_of_work import UnitOfWork


async def publish_bid(uow: UnitOfWork, cmd: c.PublishBid) -> TargetBid:
    enterprise = await existing(uow, Enterprise, cmd.enterprise_id, "enterprise_id")
    policy, number = await applicable_policy(uow, enterprise, cmd.published_on, "published_on")
    bid = TargetBid.publish(
        enterprise.id, cmd.position, cmd.level, [k.raw() for k in cmd.kpis], cmd.pay.model_dump(),
        policy.parameters_of(number), cmd.published_on, policy.id, number,
    )
    await uow.save(bid, effective_date=cmd.published_on)
    return bid


async def accept_bid(uow: UnitOfWork, bid_id: UUID, cmd: c.AcceptBid, version: int | None) -> TargetBid:
    bid = await uow.load(TargetBid, bid_id, expected_version=version)
    await _bidder(uow, bid, cmd.manager_id)
    bid.accept(cmd.manager_id, cmd.confirmation_ref, cmd.signed_on)
    await uow.save(bid, effective_date=cmd.signed_on)
    return bid


async def decline_bid(uow: UnitOfWork, bid_id: UUID, cmd: c.DeclineBid, version: int | None) -> TargetBid:
    bid = await uow.load(TargetBid, bid_id, expected_version=version)
    await _bidder(uow, bid, cmd.manager_id)
    bid.decline(cmd.manager_id, cmd.reason, cmd.declined_on)
    await uow.save(bid, effective_date=cmd.declined_on)
    return bid


async def _bidder(uow: UnitOfWork, bid: TargetBid, manager_id: UUID) -> Manager:
    manager = await existing(uow, Manager, manager_id, "manager_id")
    if manager.enterprise_id != bid.enterprise_id:
        raise RuleViolationError(
            f"manager {manager.code} belongs to another enterprise than the bid's",
            field="manager_id",
            rule="bidder_of_the_enterprise",
        )
    return manager
