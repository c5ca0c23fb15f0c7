"""Clawback (DOMAIN.md "Changes after the fact"): a decision with a reason, a decision reference, an amount and
a period is a negative line on that period's payslip; what that payslip cannot cover is owed (an owed balance
on the account, on payslips and statements) and recovered from later payments."""

from __future__ import annotations

from typing import Any

from tests.contract.api.helpers import created
from tests.payroll.api.helpers import account, lines, pay_group, payslip, refused, run
from tests.payroll.conftest import Services3

MONTH = "16666.67"  # 200,000 / 12: each 2023 base run


def clawback(member: dict[str, Any], amount: str, period: str = "2023-03", **changes: str) -> dict[str, str]:
    return {"tenure_id": member["tenure_id"], "amount": amount, "reason": "2022年度经营数据经审计调减，追索扣回",
            "decision_ref": "董事会决议〔2023〕9号", "period": period, **changes}


async def statement(services: Services3, member: dict[str, Any], year: int) -> dict[str, Any]:
    response = await services.payroll.get("/statements", params={"tenure_id": member["tenure_id"], "year": year})
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_clawback_without_a_decision_reference_is_refused(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01")
    for empty in ("", "   "):
        request = services3.payroll.post("/clawbacks", json=clawback(member, "100.00", decision_ref=empty))
        await refused(services3, request, 422, "decision_ref", "decision_ref_required")
    assert await lines(services3, member, "clawback") == []


async def test_what_the_clawback_period_cannot_cover_is_owed(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01", "2023-02", "2023-03")
    await created(services3.payroll.post("/clawbacks", json=clawback(member, "20000.00")))
    slip = await payslip(services3, member, "2023-03")
    kinds = [(line["kind"], line["amount"]) for line in slip["lines"]]
    assert kinds == [("base", MONTH), ("clawback", "-20000.00"), ("owed", "3333.33")]  # 20,000 − 16,666.67
    [clawed] = await lines(services3, member, "clawback")
    [owed] = await lines(services3, member, "owed")
    assert (owed["corrects"], owed["cause"]) == (clawed["line_id"], clawed["cause"])
    assert (slip["total"], slip["owed"]) == ("0.00", "3333.33")
    assert (await account(services3, member))["owed"] == "3333.33"
    assert (await statement(services3, member, 2023))["owed"] == "3333.33"


async def test_owed_pay_is_recovered_from_later_payments(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01")
    await created(services3.payroll.post("/clawbacks", json=clawback(member, "16000.00", period="2023-02")))
    await run(services3, [member], "2023-02", "2023-03")  # the February run comes after the decision
    february, march = await payslip(services3, member, "2023-02"), await payslip(services3, member, "2023-03")
    assert [(line["kind"], line["amount"]) for line in february["lines"]] == [
        ("clawback", "-16000.00"), ("owed", "16000.00"), ("base", MONTH), ("owed_recovery", "-16000.00")]
    assert (february["total"], february["owed"], march["total"], march["owed"]) == ("666.67", "0.00", MONTH, "0.00")


async def test_owed_pay_beyond_one_payslip_is_recovered_over_the_next(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01", "2023-02", "2023-03")
    await created(services3.payroll.post("/clawbacks", json=clawback(member, "40000.00", period="2023-04")))
    assert (await account(services3, member))["owed"] == "40000.00"  # nothing paid on 2023-04 yet
    await run(services3, [member], "2023-04", "2023-05", "2023-06")
    slips = [await payslip(services3, member, period) for period in ("2023-04", "2023-05", "2023-06")]
    assert [(slip["total"], slip["owed"]) for slip in slips] == [
        ("0.00", "23333.33"), ("0.00", "6666.66"), ("10000.01", "0.00")]  # 40,000 − 2 × 16,666.67 = 6,666.66
    recoveries = await lines(services3, member, "owed_recovery")
    [owed] = await lines(services3, member, "owed")
    assert {line["corrects"] for line in recoveries} == {owed["line_id"]}
    assert (await statement(services3, member, 2023))["owed"] == "0.00"


async def test_a_clawback_cannot_take_back_what_is_still_owed(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01", "2023-02")
    await created(services3.payroll.post("/clawbacks", json=clawback(member, "33333.34")))  # all that was paid
    again = services3.payroll.post("/clawbacks", json=clawback(member, "0.01", period="2023-04"))
    await refused(services3, again, 422, "amount", "clawback_within_paid")
