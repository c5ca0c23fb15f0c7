"""Handlers for enterprises, policies and managers: load, decide, save."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.contract_svc.adapters.queries import policy_of_scope
from services.contract_svc.application.commands import (
    AdoptPolicy,
    AuthoriseSigner,
    RegisterEnterprise,
    RegisterManager,
    RevisePolicy,
)
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.domain.parameters import PolicyParameters
from shared.errors import NotFoundError, RuleViolationError
from shared.unit_of_work import UnitOfWork


async def register_enterprise(uow: UnitOfWork, cmd: RegisterEnterprise) -> Enterprise:
    enterprise = Enterprise.register(cmd.code, cmd.name_zh, cmd.name_en, cmd.category, cmd.has_board)
    await uow.save(enterprise)
    return enterprise


async def authorise_signer(uow: UnitOfWork, enterprise_id: UUID, cmd: AuthoriseSigner, version: int | None) -> Enterprise:
    enterprise = await uow.load(Enterprise, enterprise_id, expected_version=version)
    enterprise.authorise_signer(cmd.role, cmd.person_name, cmd.scope, cmd.granted_by, cmd.decision_ref, cmd.granted_on)
    await uow.save(enterprise, effective_date=cmd.granted_on)
    return enterprise


async def adopt_policy(uow: UnitOfWork, cmd: AdoptPolicy) -> Policy:
    if cmd.enterprise_id is not None:
        await existing(uow, Enterprise, cmd.enterprise_id, "enterprise_id")
    policy = Policy.adopt(cmd.name, cmd.parameters, cmd.effective_from, cmd.enterprise_id, cmd.category)
    await uow.save(policy, effective_date=cmd.effective_from)
    return policy


async def revise_policy(uow: UnitOfWork, policy_id: UUID, cmd: RevisePolicy, version: int | None) -> Policy:
    policy = await uow.load(Policy, policy_id, expected_version=version)
    policy.revise(cmd.parameters, cmd.effective_from, cmd.reason)
    await uow.save(policy, effective_date=cmd.effective_from)
    return policy


async def register_manager(uow: UnitOfWork, cmd: RegisterManager) -> Manager:
    await existing(uow, Enterprise, cmd.enterprise_id, "enterprise_id")
    manager = Manager.register(cmd.code, cmd.name, cmd.level, cmd.position, cmd.title, cmd.enterprise_id)
    await uow.save(manager)
    return manager


async def existing(uow: UnitOfWork, cls: type, aggregate_id: UUID, field: str):  # type: ignore[no-untyped-def]
    """Load an aggregate another command refers to; an unknown id names the referring field."""
    try:
        return await uow.load(cls, aggregate_id)
    except NotFoundError:
        raise NotFoundError(f"no {cls.__name__.lower()} {aggregate_id}", field=field, rule="exists") from None


async def applicable_policy(
    uow: UnitOfWork, enterprise: Enterprise, on: date, field: str = "start"
) -> tuple[Policy, int]:
    """The enterprise's own policy in force on `on`, else its category's (一企一策), with the version number."""
    for scope in (f"enterprise:{enterprise.id}", f"category:{enterprise.category}"):
        policy_id = await policy_of_scope(uow, scope)
        if policy_id is None:
            continue
        policy = await uow.load(Policy, policy_id)
        try:
            number, _ = policy.version_as_of(on)
        except NotFoundError:
            continue  # not yet in force on that date: the next scope may be
        return policy, number
    raise RuleViolationError(
        f"no policy of enterprise {enterprise.code} or of its category {enterprise.category} is in force on {on}; "
        "adopt one first",
        field=field,
        rule="policy_in_force",
    )


async def policy_on(uow: UnitOfWork, tenure: Tenure, on: date) -> tuple[int, PolicyParameters]:
    return version_during(await uow.load(Policy, tenure.policy_id), tenure, on)


def version_during(policy: Policy, tenure: Tenure, on: date) -> tuple[int, PolicyParameters]:
    """The tenure's policy as in force on `on`; before the tenure starts, as on its first day."""
    return policy.version_as_of(max(on, tenure.start))
