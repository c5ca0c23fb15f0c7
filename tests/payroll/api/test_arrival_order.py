"""What payroll pays does not depend on the order its messages arrive in: a tenure appraisal that overtakes
a year's final result waits for it, a change of a tenure not yet known waits for the tenure, and a pay plan
made before or after the results settles the same lines (shared/delivery/__init__.py)."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.payroll.api.arrival import (
    Snapshot,
    arrive,
    held_for_payroll,
    hold_back_payroll,
    paid,
    restore,
    snapshot,
    try_to_plan,
    whole_tenures,
)
from tests.auth import person
from tests.payroll.conftest import Services3

RETENTION = {"retention_pct": "20"}  # a fifth of each year's performance pay held until the tenure appraisal
ACTED_ON = ("Tenure.Opened", "Tenure.Activated", "MemberAppraisal.Finalised", "TenureAppraisal.Recorded")


async def deliver_in(services: Services3, start: Snapshot, order, members, plan_after: int) -> dict:  # type: ignore[no-untyped-def]
    """Payroll as it was at `start` receives `order`; each member's plan is asked for after `plan_after`
    messages and again after each later one until payroll can make it."""
    await restore(services, start)
    planned: set[str] = set()
    for count, sent in enumerate([*order, None], start=1):
        if sent is not None:
            await arrive(services, sent)
        if count > plan_after:
            for member in members:
                if member["code"] not in planned and await try_to_plan(services, member):
                    planned.add(member["code"])
    assert planned == {m["code"] for m in members}
    return await paid(services, members)


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_one_managers_messages_in_every_order_pay_the_same(services3: Services3) -> None:
    hold_back_payroll(services3)
    [member] = await whole_tenures(services3, size=1, **RETENTION)
    held = await held_for_payroll(services3)
    acted_on = [s for s in held if s.message.type in ACTED_ON and s.concerns(member["tenure_id"])]
    learned_first = [s for s in held if s not in acted_on]  # enterprise, policy, manager, letters: facts alone
    assert [s.message.type for s in acted_on].count("MemberAppraisal.Finalised") == 3 and len(acted_on) == 6
    for sent in learned_first:
        await arrive(services3, sent)
    learned = await snapshot(services3)
    in_order = await deliver_in(services3, learned, acted_on, [member], plan_after=len(acted_on))
    assert in_order[member["code"]]["tenure_settlement"]["retained_released"] != "0.00"
    for index, order in enumerate(itertools.permutations(acted_on)):
        # the plan asked for at each point of the orders in turn: before any result, between, after all
        plan_after = index % (len(acted_on) + 1)
        got = await deliver_in(services3, learned, order, [member], plan_after)
        assert got == in_order, ([s.message.type for s in order], plan_after)


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_groups_messages_in_random_orders_pay_the_same(services3: Services3) -> None:
    hold_back_payroll(services3)
    members = await whole_tenures(services3, size=3, **RETENTION)
    held = await held_for_payroll(services3)
    empty = await snapshot(services3)
    in_order = await deliver_in(services3, empty, held, members, plan_after=len(held))
    shuffled = random.Random(20261202)
    for _ in range(6):
        order = shuffled.sample(held, len(held))
        plan_after = shuffled.randrange(len(held) + 1)
        assert await deliver_in(services3, empty, order, members, plan_after) == in_order


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_message_that_waits_is_shown_to_operations_with_what_it_waits_for(services3: Services3) -> None:
    hold_back_payroll(services3)
    [member] = await whole_tenures(services3, size=1)
    [tenure] = [s for s in await held_for_payroll(services3) if s.message.type == "TenureAppraisal.Recorded"]
    await arrive(services3, tenure)
    operations = person("运维值班", "operations@*")
    shown = (await services3.payroll.get("/deliveries", headers=operations)).json()
    [waiting] = shown["inbox"]["waiting"]
    assert (shown["inbox"]["pending"], waiting["message_id"]) == (1, tenure.message.message_id)
    assert waiting["reason"].endswith("waits for the final annual results of 2022, 2023, 2024")
    assert shown["inbox"]["failed"] == [] and shown["dead_letters"] == []
