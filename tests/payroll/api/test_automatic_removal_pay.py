"""一重's automatic removal as payroll pays it (DOMAIN.md "Pay": Termination; 003 一重: "自动免职并只拿基本生活费"): an
exit for cause on the day the appraisal became final, so base is paid through that day and that year's target
performance salary is pro-rated and forfeited; the appraised year's performance pay and its retention are
forfeited too, though already paid (a recovery line); from the next day to the end of the planned term the
manager is paid the policy's living allowance each month instead of base, as lines of their own kind; base a run
paid for months after the removal is recovered by new lines, never by changing a closed period."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.appraisal.api.test_automatic_removal import FINAL_ON, appraised_to_final
from tests.contract.api.helpers import assert_problem, created
from tests.payroll.api.helpers import account, amounts, lines, months, pay_group, payroll_events, payslip, run
from tests.payroll.conftest import Services3

D = Decimal
FLOORS = {"revenue_removal_floor": "0.60", "profit_removal_floor": "0.70", "living_allowance_monthly": "3000",
          "retention_pct": "25"}
# FINAL_ON, 2023-03-15: the 2022 appraisal final, the removal effective: base paid through this day
PAID_NOW_2022 = "125753.42"  # 2022 target 200,000 × 306 / 365 = 167,671.23, qualified × 1.0, less 25 % retained
# (167,671.23 × 0.25 = 41,917.8075 → 41,917.81): 167,671.23 − 41,917.81
BASE_THROUGH_15_MARCH = D("40547.95")  # 200,000 × 74 / 365 = 40,547.945...: 1 January to 15 March 2023
MARCH_BASE = "7214.61"  # the remainder after January and February at 16,666.67: 40,547.95 − 33,333.34
MARCH_ALLOWANCE = "1548.39"  # 3,000 × 16 / 31 = 1,548.387...: 16 to 31 March


async def removed_by_rule(services: Services3, member: dict[str, Any]) -> None:
    """The member's 2022 revenue 5,900 of 10,000 (completion 0.59 < 0.60; total 17.70 + 30 + 20 + 18 = 85.70,
    qualified), the appraisal final on FINAL_ON and everything delivered: the removal reaches payroll after the
    annual result, as the contract side decides it on the proposal it learns."""
    await appraised_to_final(services, member, revenue="5900", profit="1200")


async def close(services: Services3, member: dict[str, Any], *periods: str) -> None:
    for period in periods:
        body = {"enterprise_id": member["enterprise_id"], "period": period}
        await created(services.payroll.post("/periods/closing", json=body))


async def test_an_automatic_removal_forfeits_the_appraised_years_performance_pay_and_its_retention(
        services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, **FLOORS)
    await removed_by_rule(services3, member)
    paid = await account(services3, member)
    [performance, recovery] = [line for line in paid["lines"] if line["for_period"] == "2022"]
    assert (performance["kind"], performance["amount"], performance["period"]) == ("performance", PAID_NOW_2022, "2023-03")
    assert (recovery["kind"], recovery["amount"], recovery["corrects"], recovery["cause"]["type"], recovery["period"]) == (
        "recovery", "-" + PAID_NOW_2022, performance["line_id"], "automatic_removal", "2023-03")
    settled = paid["settlements"]["2022"]
    assert (settled["earned"], settled["performance_pay"], settled["retained"], settled["performance_paid_now"],
            settled["forfeited_by"]) == ("167671.23", "0.00", "0.00", "0.00", "terminated_for_cause")
    exit_year = paid["settlements"]["2023"]  # the year of the exit: its target pro-rated to 15 March, forfeited
    assert (exit_year["performance_target"], exit_year["performance_pay"]) == (str(BASE_THROUGH_15_MARCH), "0.00")
    assert (paid["exit"]["on"], paid["exit"]["for_cause"], paid["tenure_settlement"]) == (FINAL_ON, True, None)
    assert paid["exit"]["removal"] == {"year": 2022, "rule": "removal_floor", "living_allowance_monthly": "3000",
                                       "until": "2024-12-31"}
    assert await lines(services3, member, "retention_release") == []
    assert (await payslip(services3, member, "2023-03"))["total"] == "0.00"  # paid and recovered on one payslip


async def test_after_an_automatic_removal_only_the_living_allowance_is_paid_to_the_end_of_the_planned_term(
        services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, **FLOORS)
    await run(services3, [member], "2023-01", "2023-02")
    await removed_by_rule(services3, member)
    march = await run(services3, [member], "2023-03")
    assert [(line["kind"], line["for_period"], line["amount"]) for line in march] == [
        ("base", "2023-03", MARCH_BASE), ("living_allowance", "2023-03", MARCH_ALLOWANCE)]
    later = await run(services3, [member], *months(2023, 4), *months(2024))
    assert {(line["kind"], line["amount"]) for line in later} == {("living_allowance", "3000.00")}
    assert [line["for_period"] for line in later] == months(2023, 4) + months(2024)  # through the planned end
    year_2023 = (await services3.payroll.get("/statements", params={"tenure_id": member["tenure_id"], "year": 2023})).json()
    assert year_2023["by_kind"]["base"] == str(BASE_THROUGH_15_MARCH)  # 16,666.67 × 2 + 7,214.61
    assert year_2023["by_kind"]["living_allowance"] == "28548.39"  # 1,548.39 + 3,000 × 9 (April to December)
    year_2024 = (await services3.payroll.get("/statements", params={"tenure_id": member["tenure_id"], "year": 2024})).json()
    assert year_2024["by_kind"] == {"living_allowance": "36000.00"}  # 3,000 × 12, no base
    before = len(await payroll_events(services3))
    beyond = services3.payroll.post("/base-runs", json={"enterprise_id": member["enterprise_id"], "period": "2025-01"})
    assert_problem(await beyond, 422, "period", "period_within_tenure")  # the term ended on 2024-12-31
    assert len(await payroll_events(services3)) == before


async def test_base_paid_for_months_after_the_removal_is_recovered_on_the_next_open_period(
        services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, **FLOORS)
    await run(services3, [member], *months(2023, 1, 5))  # 16,666.67 a month, run before the removal is known
    await close(services3, member, *months(2023, 1, 5))
    await removed_by_rule(services3, member)
    base = {line["line_id"]: line for line in await lines(services3, member, "base")}
    recovered = [line for line in await lines(services3, member, "recovery") if line["cause"]["type"] == "exit"]
    assert [(line["for_period"], line["amount"], base[line["corrects"]]["for_period"], line["period"])
            for line in recovered] == [
        ("2023-03", "-9452.06", "2023-03", "2023-06"),  # 7,214.61 due, 16,666.67 paid
        ("2023-04", "-16666.67", "2023-04", "2023-06"),  # after the removal: nothing due
        ("2023-05", "-16666.67", "2023-05", "2023-06")]
    for period in months(2023, 1, 5):  # the closed payslips are as they were: one base line each
        assert amounts((await payslip(services3, member, period))["lines"]) == ["16666.67"]
    june = await payslip(services3, member, "2023-06")
    # 125,753.42 − 125,753.42 (2022 paid and recovered) − 9,452.06 − 16,666.67 × 2 = −42,785.40: carried as owed
    assert (june["total"], june["owed"]) == ("0.00", "42785.40")
    await run(services3, [member], "2023-06")  # the allowance of March to June, recovered against what is owed
    allowance = await lines(services3, member, "living_allowance")
    assert [(line["for_period"], line["amount"]) for line in allowance] == [
        ("2023-03", MARCH_ALLOWANCE), ("2023-04", "3000.00"), ("2023-05", "3000.00"), ("2023-06", "3000.00")]
    # 42,785.40 − (1,548.39 + 3,000 × 3) = 32,237.01 still owed
    assert (await payslip(services3, member, "2023-06"))["owed"] == "32237.01"
