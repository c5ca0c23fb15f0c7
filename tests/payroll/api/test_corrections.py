"""Corrections (DOMAIN.md "Audit"): a final appraisal revised on corrected figures adds an arrears or recovery
line naming the line it corrects; the lines already paid stay as they were, and a closed period is never
edited: the new line goes on a later open one. The policy pays in score mode (target × score / 100), so
every change of the score changes the pay."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.contract.api.helpers import created
from tests.payroll.api.helpers import appraised, lines, pay_group, payslip, revised, run
from tests.payroll.conftest import Services3

PAID = "165323.83"  # 167,671.23 × 98.60 / 100


async def paid_in_march(services: Services3) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """M01 paid the 2023-03 base and, final on 2023-03-01, the 2022 performance at 98.60 in score mode."""
    [member] = await pay_group(services, letters=True, performance_mode="score")
    await run(services, [member], "2023-03")
    final = await appraised(services, [member])
    [performance] = await lines(services, member, "performance")
    assert (performance["amount"], performance["period"]) == (PAID, "2023-03")
    return member, final, performance


async def test_a_revision_on_corrected_figures_adds_an_arrears_line_naming_the_line_it_corrects(
        services3: Services3) -> None:
    member, final, performance = await paid_in_march(services3)
    march = await payslip(services3, member, "2023-03")
    again = await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")  # 98.60 → 99.50
    assert again["members"][0]["total"] == "99.50"
    [arrears] = await lines(services3, member, "arrears")
    # 167,671.23 × 99.50 / 100 = 166,832.87, less the 165,323.83 paid
    assert (arrears["amount"], arrears["period"], arrears["for_period"]) == ("1509.04", "2023-06", "2022")
    assert arrears["corrects"] == performance["line_id"]
    assert arrears["cause"]["type"] == "annual_appraisal" and arrears["cause"]["ref"] != performance["cause"]["ref"]
    assert await payslip(services3, member, "2023-03") == march
    assert await lines(services3, member, "performance") == [performance]


async def test_a_correction_after_its_period_closed_goes_on_the_next_open_period(services3: Services3) -> None:
    member, final, performance = await paid_in_march(services3)
    for period in ("2023-03", "2023-04"):
        closing = {"enterprise_id": member["enterprise_id"], "period": period}
        await created(services3.payroll.post("/periods/closing", json=closing))
    march = await payslip(services3, member, "2023-03")
    await revised(services3, final, member, revenue="9800", decided_on="2023-03-20")  # 98.60 → 97.40, decided in March
    [recovery] = await lines(services3, member, "recovery")
    assert (recovery["amount"], recovery["period"]) == ("-2012.05", "2023-05")  # 163,311.78 − 165,323.83
    assert recovery["corrects"] == performance["line_id"]
    assert await payslip(services3, member, "2023-03") == march
    assert (await payslip(services3, member, "2023-04"))["lines"] == []


async def test_a_second_revision_corrects_the_correction(services3: Services3) -> None:
    member, final, performance = await paid_in_march(services3)
    await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")
    await revised(services3, final, member, revenue="9800", decided_on="2023-07-01")
    [arrears], [recovery] = await lines(services3, member, "arrears"), await lines(services3, member, "recovery")
    assert (recovery["amount"], recovery["period"], recovery["corrects"]) == ("-3521.09", "2023-07", arrears["line_id"])
    year = [line for line in await lines(services3, member) if line["for_period"] == "2022"]
    assert sum(Decimal(line["amount"]) for line in year) == Decimal("163311.78")  # 167,671.23 × 97.40 / 100
