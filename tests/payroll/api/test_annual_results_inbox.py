"""An annual result reaches payroll one member at a time (`MemberAppraisal.Finalised`, its payload one
AnnualResult) or, as recorded before members had streams of their own, a whole group at once
(`AnnualAppraisal.Finalised` with `finals`): both are settled alike, one result at a time, through the inbox."""

from __future__ import annotations

import uuid
from typing import Any

from tests.payroll.api.helpers import TARGET_2022, account, lines, pay_group
from tests.delivery import outcomes, post_batch
from tests.payroll.conftest import Services3

POLICY = {"policy_version": 1, "parameters": None}


def message(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A message as the appraisal service's relay posts it."""
    stream = str(uuid.uuid4())
    return {"message_id": f"appraisal:{stream}:1", "source": "appraisal", "type": kind, "stream_id": stream,
            "version": 1, "recorded_at": "2023-03-01T08:00:00+00:00", "effective_date": "2023-03-01",
            "actor": "appraisal-committee", "correlation_id": str(uuid.uuid4()), "causation_id": None,
            "payload": payload}


async def deliver(services: Services3, body: dict[str, Any]) -> None:
    """`body` posted to the payroll inbox, signed by the appraisal service, and taken effect."""
    signer = services.apps["appraisal"].state.security.signer
    assert outcomes(await post_batch(services.payroll, signer, "payroll", body)) == ["accepted"]
    assert await services.apps["payroll"].state.inbox.process_once() == 1


def result(member: dict[str, Any], grade: str, total: str) -> dict[str, Any]:
    return {"manager_id": member["manager_id"], "total": total, "grade": grade, "vetoed": False, **POLICY}


async def test_a_member_result_and_a_legacy_group_result_are_settled_alike(services3: Services3) -> None:
    by_member, in_group, other = await pay_group(services3, size=3)
    await deliver(services3, message("MemberAppraisal.Finalised", {
        **result(by_member, "excellent", "96.50"), "tenure_id": by_member["tenure_id"], "year": 2022,
        "final_on": "2023-03-01"}))
    await deliver(services3, message("AnnualAppraisal.Finalised", {"on": "2023-03-01", "year": 2022, "finals": {
        in_group["tenure_id"]: result(in_group, "excellent", "96.50"),
        other["tenure_id"]: result(other, "qualified", "88.00")}}))

    [paid_alone] = await lines(services3, by_member, "performance")
    [paid_in_group] = await lines(services3, in_group, "performance")
    assert paid_alone["amount"] == paid_in_group["amount"] == "251506.85"  # 167,671.23 × 1.5, half up
    assert (paid_alone["period"], paid_in_group["period"]) == ("2023-03", "2023-03")
    alone = (await account(services3, by_member))["settlements"]["2022"]
    grouped = (await account(services3, in_group))["settlements"]["2022"]
    assert {**alone, "appraisal": None} == {**grouped, "appraisal": None}
    [qualified] = await lines(services3, other, "performance")
    assert qualified["amount"] == str(TARGET_2022)


async def test_a_result_learned_before_the_plan_is_settled_when_pay_is_planned(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    await deliver(services3, message("MemberAppraisal.Finalised", {
        **result(member, "qualified", "90.00"), "tenure_id": member["tenure_id"], "year": 2022,
        "final_on": "2023-03-01"}))
    body = {"tenure_id": member["tenure_id"], "base": "200000", "performance": "200000"}
    assert (await services3.payroll.post("/pay-plans", json=body)).status_code == 201

    [line] = await lines(services3, member, "performance")
    assert (line["amount"], line["period"]) == (str(TARGET_2022), "2023-03")


async def test_a_group_message_naming_no_member_results_settles_nothing(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await deliver(services3, message("AnnualAppraisal.Finalised", {"on": "2023-03-01", "year": 2022}))

    assert (await account(services3, member))["settlements"] == {}
