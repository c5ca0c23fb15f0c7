"""Clawback (追索扣回, DOMAIN.md "Pay"): a recorded decision (reason, amount, period) recovers pay already paid as
a negative line on that period's payslip; never more than what was paid, net of earlier clawbacks."""

from __future__ import annotations

from typing import Any

from tests.contract.api.helpers import created
from tests.payroll.api.helpers import lines, pay_group, payslip, refused, run
from tests.payroll.conftest import Services3

PAID = "33333.34"  # the 2023-01 and 2023-02 base: 2 × 16,666.67


def clawback(member: dict[str, Any], amount: str, period: str = "2023-03") -> dict[str, str]:
    return {"tenure_id": member["tenure_id"], "amount": amount, "reason": "违规发放津贴，依规追索扣回",
            "decision_ref": "董事会决议〔2023〕4号", "period": period}


async def test_a_recorded_clawback_decision_is_recovered_as_a_negative_line(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01", "2023-02", "2023-03")
    await created(services3.payroll.post("/clawbacks", json=clawback(members[0], "5000.00")))
    [line] = await lines(services3, members[0], "clawback")
    assert (line["amount"], line["period"], line["note"]) == ("-5000.00", "2023-03", "违规发放津贴，依规追索扣回")
    assert line["cause"] == {"type": "clawback_decision", "ref": "董事会决议〔2023〕4号"}
    slip = await payslip(services3, members[0], "2023-03")
    assert ([entry["kind"] for entry in slip["lines"]], slip["total"]) == (["base", "clawback"], "11666.67")


async def test_a_clawback_above_what_was_paid_is_refused(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01", "2023-02")
    above = services3.payroll.post("/clawbacks", json=clawback(members[0], "33333.35"))
    problem = await refused(services3, above, 422, "amount", "clawback_within_paid")
    assert PAID in problem["detail"]
    await created(services3.payroll.post("/clawbacks", json=clawback(members[0], PAID)))
    again = services3.payroll.post("/clawbacks", json=clawback(members[0], "0.01", period="2023-04"))
    await refused(services3, again, 422, "amount", "clawback_within_paid")  # nothing left once recovered


async def test_a_clawback_says_why(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01")
    request = services3.payroll.post("/clawbacks", json={**clawback(members[0], "100.00"), "reason": " "})
    await refused(services3, request, 422, "reason", "reason_required")


async def test_a_clawback_amount_beyond_twelve_digits_before_the_point_is_refused_naming_the_amount(
        services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01")
    for amount, rule in (("1E+27", "decimal_max_digits"), ("1000000000000", "decimal_whole_digits"),
                         ("100.001", "decimal_max_places"), ("NaN", "finite_number")):
        request = services3.payroll.post("/clawbacks", json=clawback(members[0], amount))
        await refused(services3, request, 422, "amount", rule)


async def test_a_clawback_reason_is_at_most_2000_characters_and_kept_whole(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01")
    longer = services3.payroll.post("/clawbacks", json={**clawback(members[0], "1.00"), "reason": "违" * 2001})
    await refused(services3, longer, 422, "reason", "string_too_long")
    await created(services3.payroll.post("/clawbacks", json={**clawback(members[0], "1.00"), "reason": "违" * 2000}))
    [line] = await lines(services3, members[0], "clawback")
    assert line["note"] == "违" * 2000
    slip = (await payslip(services3, members[0], "2023-03"))["lines"]
    assert [entry["note"] for entry in slip if entry["kind"] == "clawback"] == ["违" * 2000]


async def test_a_ten_megabyte_reason_is_refused_by_the_body_limit_and_nothing_is_written(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01")
    huge = {**clawback(members[0], "1.00"), "reason": "x" * 10_000_000}
    await refused(services3, services3.payroll.post("/clawbacks", json=huge), 413, "body", "max_body_bytes")
    assert await lines(services3, members[0], "clawback") == []


async def test_a_clawback_decided_on_a_stale_account_version_is_refused(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-01")
    seen = await services3.payroll.get(f"/accounts/{members[0]['tenure_id']}")
    await run(services3, members, "2023-02")  # the account moved on since it was read
    stale = services3.payroll.post("/clawbacks", json=clawback(members[0], "100.00"),
                                   headers={"If-Match": seen.headers["ETag"]})
    await refused(services3, stale, 409, "If-Match", "optimistic_concurrency")
    fresh = await services3.payroll.get(f"/accounts/{members[0]['tenure_id']}")
    answer = await services3.payroll.post("/clawbacks", json=clawback(members[0], "100.00", period="2023-02"),
                                          headers={"If-Match": fresh.headers["ETag"]})
    assert (answer.status_code, answer.headers["ETag"]) == (201, f'"{fresh.json()["version"] + 1}"')
