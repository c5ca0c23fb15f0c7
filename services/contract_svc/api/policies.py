"""Policies: every parameter of DOMAIN.md, versioned, for an enterprise or a category."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from services.contract_svc.application import handlers
from services.contract_svc.application.commands import AdoptPolicy, RevisePolicy
from services.contract_svc.api.schemas import PolicyInForce, PolicyPublic
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.policy import Policy
from shared.api.deps import IfMatchDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.messages import jsonable

router = APIRouter(prefix="/policies", tags=["policies"], route_class=CommandRoute)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PolicyPublic, dependencies=[allow("policy.write")])
async def adopt_policy(cmd: AdoptPolicy, uow: UowDep, response: Response) -> PolicyPublic:
    """Version 1 of a policy; parameters not given take DOMAIN.md's defaults."""
    policy = await handlers.adopt_policy(uow, cmd)
    with_version(response, policy.version)
    return PolicyPublic.of(policy)


@router.post("/{policy_id}/versions", status_code=status.HTTP_201_CREATED, response_model=PolicyPublic, dependencies=[allow("policy.write")])
async def revise_policy(
    policy_id: UUID, cmd: RevisePolicy, uow: UowDep, version: IfMatchDep, response: Response
) -> PolicyPublic:
    """A new version from a date, with a reason; earlier versions stay as they were."""
    policy = await handlers.revise_policy(uow, policy_id, cmd, version)
    with_version(response, policy.version)
    return PolicyPublic.of(policy)


@router.get("/applicable", response_model=PolicyInForce, dependencies=[allow("policy.read")])
async def applicable_policy(
    enterprise_id: Annotated[UUID, Query()], on: Annotated[date, Query()], uow: ReadUowDep
) -> PolicyInForce:
    """The policy an enterprise is under on a date: its own, else its category's."""
    enterprise = await handlers.existing(uow, Enterprise, enterprise_id, "enterprise_id")
    policy, number = await handlers.applicable_policy(uow, enterprise, on)
    return _in_force(policy, number, on)


@router.get("/{policy_id}", response_model=PolicyPublic, dependencies=[allow("policy.read")])
async def get_policy(policy_id: UUID, uow: ReadUowDep, response: Response) -> PolicyPublic:
    policy = await uow.load(Policy, policy_id)
    with_version(response, policy.version)
    return PolicyPublic.of(policy)


@router.get("/{policy_id}/as-of", response_model=PolicyInForce, dependencies=[allow("policy.read")])
async def policy_as_of(policy_id: UUID, on: Annotated[date, Query()], uow: ReadUowDep) -> PolicyInForce:
    """The version in force on a business date."""
    policy = await uow.load(Policy, policy_id)
    number, _ = policy.version_as_of(on)
    return _in_force(policy, number, on)


def _in_force(policy: Policy, number: int, on: date) -> PolicyInForce:
    parameters = jsonable(policy.versions[number - 1].recorded)
    return PolicyInForce(policy_id=policy.id, name=policy.name, on=on, policy_version=number, parameters=parameters)
