"""Monthly base runs per enterprise and period (DOMAIN.md "Pay"): base / 12 to the cent with the remainder on
the last month, part years pro-rated by calendar days, nothing outside the tenure or after the exit date."""

from __future__ import annotations

from decimal import Decimal


from tests.contract.api.helpers import created
from tests.payroll.api.helpers import amounts, lines, months, pay_group, payslip, refused, run
from tests.payroll.conftest import Services3

D = Decimal
TERMINATION = {"reason": "年度考核不合格", "mode": "rigid_exit", "decision_makers": ["党委会", "董事会"],
               "decided_on": "2023-03-10", "effective_on": "2023-03-31", "decision_ref": "董事会决议〔2023〕2号"}
EXTENSION = {"new_end": "2025-06-30", "decision_ref": "董事会决议〔2024〕9号", "reason": "新任人选考察未结束",
             "decided_on": "2024-11-20"}


async def test_running_a_period_twice_pays_once(services3: Services3) -> None:
    members = await pay_group(services3)
    first = await run(services3, members, "2023-01")
    again = await run(services3, members, "2023-01")
    assert (amounts(first), again) == (["16666.67"], [])
    slip = await payslip(services3, members[0], "2023-01")
    assert (amounts(slip["lines"]), slip["total"]) == (["16666.67"], "16666.67")


async def test_each_month_is_paid_once_whatever_the_order_of_the_runs(services3: Services3) -> None:
    members = await pay_group(services3)
    await run(services3, members, "2023-03", "2023-01", "2023-02", "2023-03")
    assert sum(D(a) for a in amounts(await lines(services3, members[0], "base"))) == D("50000.01")  # 3 × 16,666.67


async def test_a_part_year_is_pro_rated_by_calendar_days(services3: Services3) -> None:
    m01, m02 = await pay_group(services3, size=2, starts=("2022-03-01", "2022-02-21"))
    await run(services3, [m01], *months(2022, 2))
    base = await lines(services3, m01, "base")
    assert [line["for_period"] for line in base] == months(2022, 3)  # March paid, February not
    assert sum(D(a) for a in amounts(base)) == D("167671.23")  # 200,000 × 306 / 365 days, not × 10 / 12
    assert amounts(base) == ["16767.12"] * 9 + ["16767.15"]
    from_21_february = await lines(services3, m02, "base")
    assert [line["for_period"] for line in from_21_february] == months(2022, 2)
    assert sum(D(a) for a in amounts(from_21_february)) == D("172054.79")  # 200,000 × (8 + 306) / 365


async def test_the_twelve_months_of_a_full_year_add_up_to_the_annual_base(services3: Services3) -> None:
    members = await pay_group(services3)
    paid = await run(services3, members, *months(2023))
    assert amounts(paid) == ["16666.67"] * 11 + ["16666.63"]  # December takes the rounding remainder
    assert sum(D(a) for a in amounts(paid)) == D("200000.00")


async def test_a_run_for_a_period_outside_every_tenure_is_refused(services3: Services3) -> None:
    members = await pay_group(services3)  # 2022-03-01 to 2024-12-31
    for period in ("2022-02", "2025-01"):
        body = {"enterprise_id": members[0]["enterprise_id"], "period": period}
        await refused(services3, services3.payroll.post("/base-runs", json=body), 422, "period", "period_within_tenure")


async def test_nothing_is_paid_after_the_exit_date(services3: Services3) -> None:
    leaving, staying = await pay_group(services3, size=2)
    await run(services3, [leaving], "2023-01", "2023-02")
    await created(services3.contract.post(f"/tenures/{leaving['tenure_id']}/termination", json=TERMINATION))
    await services3.deliver()
    await run(services3, [leaving], "2023-03", "2023-04", "2023-05")
    assert [line["for_period"] for line in await lines(services3, leaving, "base")] == months(2023, 1, 3)
    assert [line["for_period"] for line in await lines(services3, staying, "base")] == months(2023, 1, 5)
    assert (await payslip(services3, leaving, "2023-04"))["lines"] == []


async def test_the_base_of_an_exit_year_adds_up_to_the_year_pro_rated_by_calendar_days(services3: Services3) -> None:
    leaving, _ = await pay_group(services3, size=2)
    await run(services3, [leaving], "2023-01", "2023-02")
    await created(services3.contract.post(f"/tenures/{leaving['tenure_id']}/termination", json=TERMINATION))
    await services3.deliver()
    await run(services3, [leaving], "2023-03", "2023-04")
    assert sum(D(a) for a in amounts(await lines(services3, leaving, "base"))) == D("49315.07")


async def test_an_extended_term_is_paid_to_its_new_end(services3: Services3) -> None:
    members = await pay_group(services3)
    await created(services3.contract.post(f"/tenures/{members[0]['tenure_id']}/extensions", json=EXTENSION))
    await services3.deliver()
    assert [line["for_period"] for line in await run(services3, members, "2025-01")] == ["2025-01"]
