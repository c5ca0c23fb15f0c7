"""Handlers for pay plans, one or a batch: what every plan reads is read once for them all (Known), then each
plan is decided in turn and the accounts saved together."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from uuid import UUID

from services.payroll_svc.adapters import queries
from services.payroll_svc.application import commands as c
from services.payroll_svc.application.results import settle_known
from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.plan import KnownTenure, require_in_force
from shared.errors import ConflictError, TenureSystemError
from shared.knowledge.tables import unknown_tenure
from shared.unit_of_work import UnitOfWork


async def plan_pay(uow: UnitOfWork, cmd: c.PlanPay) -> PayAccount:
    return (await _plans(uow, [cmd], lambda _, refusal: refusal))[0]


async def plan_pays(uow: UnitOfWork, cmd: c.PlanPays) -> list[PayAccount]:
    """Every plan of the batch, or none: the first refusal names its item (`items.3.tenure_id`)."""
    return await _plans(uow, cmd.items, lambda index, refusal: refusal.within(f"items.{index}", f"item {index}"))


@dataclass
class Known:
    """What the plans of a batch read, each in one query: the tenures learned, those planned already, the results
    kept for them; the policy versions in force at each start, once each."""

    tenures: dict[UUID, KnownTenure]
    planned: set[UUID]
    results: dict[UUID, queries.KnownResults]
    policies: dict[tuple[UUID, date], queries.PolicyVersion] = field(default_factory=dict)

    @classmethod
    async def of(cls, uow: UnitOfWork, tenure_ids: Sequence[UUID]) -> Known:
        return cls(await queries.known_tenures(uow, tenure_ids), await queries.planned_tenures(uow, tenure_ids),
                   await queries.known_results_for(uow, tenure_ids))

    async def policy_at_start(self, uow: UnitOfWork, tenure: KnownTenure) -> queries.PolicyVersion:
        if (key := (tenure.policy_id, tenure.start)) not in self.policies:
            self.policies[key] = await queries.policy_version_on(uow, tenure.policy_id, tenure.start)
        return self.policies[key]


async def _plans(uow: UnitOfWork, items: Sequence[c.PlanPay],
                 refused: Callable[[int, TenureSystemError], TenureSystemError]) -> list[PayAccount]:
    known = await Known.of(uow, [item.tenure_id for item in items])
    accounts = []
    for index, item in enumerate(items):
        try:
            accounts.append(await _plan(uow, item, known))
        except TenureSystemError as refusal:
            raise refused(index, refusal) from None
    for start, planned in groupby(sorted(accounts, key=lambda a: a.start), key=lambda a: a.start):
        await uow.save(*planned, effective_date=start)
    return accounts


async def _plan(uow: UnitOfWork, cmd: c.PlanPay, known: Known) -> PayAccount:
    if (tenure := known.tenures.get(cmd.tenure_id)) is None:
        raise unknown_tenure(cmd.tenure_id)
    require_in_force(tenure)
    if cmd.tenure_id in known.planned:
        raise ConflictError(f"tenure {cmd.tenure_id} has a pay plan already", field="tenure_id",
                            rule="one_plan_per_tenure")
    policy = await known.policy_at_start(uow, tenure)
    account = PayAccount.plan(tenure, cmd.base, cmd.performance, policy.number, policy.parameters)
    settle_known(account, known.results[cmd.tenure_id])
    known.planned.add(cmd.tenure_id)  # a second plan of it in the same batch is refused as one made before
    return account
