"""Exit for cause during the tenure (DOMAIN.md "Changes after the fact"), as payroll learns it from the contract
side: base is paid through the effective date, pro-rated by days (the months paid before the decision stay as
paid, the last month takes the remainder); that year's target performance salary is pro-rated the same way and
forfeited; all retained pay and the tenure incentive are forfeited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.contract.api.helpers import created
from tests.payroll.api.helpers import account, amounts, appraised, lines, months, pay_group, run
from tests.payroll.conftest import Services3

D = Decimal
REMOVAL = {"reason": "严重违纪，经查属实", "mode": "rigid_exit", "decision_makers": ["党委会", "董事会"],
           "decided_on": "2023-04-10", "effective_on": "2023-04-15", "decision_ref": "董事会决议〔2023〕3号"}
THROUGH_15_APRIL = D("57534.25")  # 200,000 × 105 / 365: 1 January to 15 April 2023, both days paid


async def removed(services: Services3, member: dict[str, Any]) -> None:
    await created(services.contract.post(f"/tenures/{member['tenure_id']}/termination", json=REMOVAL))
    await services.deliver()


async def test_base_is_paid_through_the_exit_date_the_last_month_taking_the_remainder(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01", "2023-02", "2023-03")
    await removed(services3, member)
    await run(services3, [member], "2023-04")
    base = [line for line in await lines(services3, member, "base") if line["for_period"].startswith("2023")]
    assert [line["for_period"] for line in base] == months(2023, 1, 4)
    assert amounts(base) == ["16666.67"] * 3 + ["7534.24"]  # the months paid stay; April: 57,534.25 − 50,000.01
    assert sum(D(a) for a in amounts(base)) == THROUGH_15_APRIL


async def test_an_exit_for_cause_pro_rates_that_years_target_performance_salary_and_forfeits_it(
        services3: Services3) -> None:
    [member] = await pay_group(services3)
    await removed(services3, member)
    settled = (await account(services3, member))["settlements"]["2023"]
    figures = ("performance_target", "performance_pay", "retained", "performance_paid_now", "forfeited_by", "grade")
    assert tuple(settled[key] for key in figures) == (
        str(THROUGH_15_APRIL), "0.00", "0.00", "0.00", "terminated_for_cause", None)
    [line] = [line for line in await lines(services3, member, "performance") if line["for_period"] == "2023"]
    assert (line["amount"], line["period"], line["cause"]["type"]) == ("0.00", "2023-04", "exit_for_cause")


async def test_an_exit_for_cause_forfeits_all_retained_pay(services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, retention_pct="25")
    await appraised(services3, [member])  # 2022 final on 2023-03-01: 41,917.81 of it retained
    assert (await account(services3, member))["retained_forfeited"] == "0.00"
    await removed(services3, member)
    paid = await account(services3, member)
    assert (paid["retained_forfeited"], paid["settlements"]["2022"]["retained"]) == ("41917.81", "41917.81")
    assert (paid["tenure_settlement"], await lines(services3, member, "retention_release")) == (None, [])


async def test_an_exit_not_for_cause_forfeits_nothing_of_that_year(services3: Services3) -> None:
    [member] = await pay_group(services3)
    adjustment = {**REMOVAL, "mode": "flexible_adjustment", "reason": "工作需要，调任专职董事"}
    await created(services3.contract.post(f"/tenures/{member['tenure_id']}/termination", json=adjustment))
    await services3.deliver()
    paid = await account(services3, member)
    assert (paid["exit"]["for_cause"], paid["settlements"], paid["retained_forfeited"]) == (False, {}, "0.00")
