"""Pay plans per tenure (DOMAIN.md "Pay"): base and target performance salary, the performance share at least
the policy's minimum for the level, one plan per tenure, through the HTTP API."""

from __future__ import annotations

from uuid import uuid4


from tests.contract.api.helpers import manager
from tests.contract.api.tenure_helpers import draft
from tests.payroll.api.helpers import pay_group, payslip, plan_pay, refused, run
from tests.payroll.conftest import Services3


def plan(member: dict, base: str = "200000", performance: str = "200000") -> dict[str, str]:
    return {"tenure_id": member["tenure_id"], "base": base, "performance": performance}


async def test_a_pay_plan_at_or_above_the_minimum_performance_share_is_recorded_with_the_policy_version(
        services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    planned = await plan_pay(services3, member, "200000", "200000")  # middle managers: 50 %, exactly the floor
    assert (planned["tenure_id"], planned["level"], planned["base"], planned["performance"]) == (
        member["tenure_id"], "middle", "200000", "200000")
    assert (planned["start"], planned["end"], planned["policy_version"], planned["lines"]) == (
        "2022-03-01", "2024-12-31", 1, [])


async def test_a_pay_plan_below_the_minimum_performance_share_for_the_level_is_refused(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    request = services3.payroll.post("/pay-plans", json=plan(member, "200000", "150000"))  # 42.86 % < 50 %
    problem = await refused(services3, request, 422, "performance", "min_performance_share")
    assert "middle" in problem["detail"]
    assert (await services3.payroll.get(f"/accounts/{member['tenure_id']}")).status_code == 404


async def test_the_minimum_performance_share_is_a_policy_parameter(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False, min_performance_share={"middle": "0.6"})
    request = services3.payroll.post("/pay-plans", json=plan(member, "200000", "200000"))
    await refused(services3, request, 422, "performance", "min_performance_share")
    assert (await plan_pay(services3, member, "200000", "300000"))["performance"] == "300000"


async def test_a_negative_amount_is_refused(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    for field, body in (("base", plan(member, base="-200000")), ("performance", plan(member, performance="-1"))):
        await refused(services3, services3.payroll.post("/pay-plans", json=body), 422, field, "non_negative_amount")


async def test_a_plan_for_an_unknown_tenure_is_refused(services3: Services3) -> None:
    await pay_group(services3, plan=False)
    request = services3.payroll.post("/pay-plans", json=plan({"tenure_id": str(uuid4())}))
    await refused(services3, request, 404, "tenure_id", "known_tenure")


async def test_a_tenure_has_one_pay_plan(services3: Services3) -> None:
    [member] = await pay_group(services3)
    request = services3.payroll.post("/pay-plans", json=plan(member, "300000", "300000"))
    await refused(services3, request, 409, "tenure_id", "one_plan_per_tenure")
    assert (await services3.payroll.get(f"/accounts/{member['tenure_id']}")).json()["base"] == "200000"


async def test_a_tenure_not_in_force_is_not_paid(services3: Services3) -> None:
    [active] = await pay_group(services3)
    drafted = await draft(services3.contract, (await manager(services3.contract, active["enterprise_id"], "M02"))["id"])
    await services3.deliver()
    await services3.payroll.post("/pay-plans", json=plan({"tenure_id": drafted["id"]}))  # refusing it is one fix
    await run(services3, [active], "2022-03")
    assert (await payslip(services3, {"tenure_id": drafted["id"]}, "2022-03"))["lines"] == []


async def test_a_plan_amount_beyond_twelve_digits_before_the_point_is_refused_naming_its_field(
        services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    for field, body in (("base", plan(member, base="1E+27")), ("performance", plan(member, performance="1e400"))):
        await refused(services3, services3.payroll.post("/pay-plans", json=body), 422, field, "decimal_max_digits")
    assert (await services3.payroll.get(f"/accounts/{member['tenure_id']}")).status_code == 404


async def test_a_batch_of_pay_plans_plans_every_tenure_as_one_by_one_plans_would(services3: Services3) -> None:
    members = await pay_group(services3, size=3, plan=False)
    answer = await services3.payroll.post("/pay-plans/batch", json={"items": [plan(m) for m in members]})
    assert answer.status_code == 201, answer.text
    assert [a["tenure_id"] for a in answer.json()] == [m["tenure_id"] for m in members]
    for member in members:
        account = (await services3.payroll.get(f"/accounts/{member['tenure_id']}")).json()
        assert (account["base"], account["performance"], account["policy_version"]) == ("200000", "200000", 1)


async def test_one_refused_plan_refuses_the_batch_naming_its_item(services3: Services3) -> None:
    members = await pay_group(services3, size=3, plan=False)
    items = [plan(members[0]), plan(members[1], "200000", "150000"), plan(members[2])]
    request = services3.payroll.post("/pay-plans/batch", json={"items": items})
    problem = await refused(services3, request, 422, "items.1.performance", "min_performance_share")
    assert problem["detail"].startswith("item 1: ")
    twice = services3.payroll.post("/pay-plans/batch", json={"items": [plan(members[0]), plan(members[0])]})
    await refused(services3, twice, 409, "items.1.tenure_id", "one_plan_per_tenure")
    for member in members:
        assert (await services3.payroll.get(f"/accounts/{member['tenure_id']}")).status_code == 404
