"""What supervisors measure of pay (DOMAIN.md "What supervisors measure"), held by the payroll and answered
with the contract's figures by GET /supervision, as JSON and as XLSX; the three services together.

By hand: M01 and M02 plan 200,000 base + 200,000 performance (share 0.5, the middle floor); M03, from 2023,
100,000 + 300,000 (0.75). Pooled: 700,000 / 1,200,000 = 0.5833. The 2022 appraisal of M01 and M02 is final
on 2023-03-01 and pays on the 2023-03 payslip: by 2023-06-30, 2 of the 3 managers' pay followed an appraisal."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.contract.api.helpers import manager
from tests.contract.api.tenure_helpers import bring_into_force, draft
from tests.payroll.api.helpers import appraised, pay_group, plan_pay
from tests.payroll.conftest import Services3, services3  # noqa: F401 - the three services side by side

MIDDLE = {"level": "middle", "managers": 3, "performance_share": "0.5833", "lowest_share": "0.5000",
          "minimum": "0.50", "below_minimum": 0}


async def planned_and_appraised(services: Services3) -> list[dict]:
    m01, m02 = await pay_group(services, size=2, letters=True)
    registered = await manager(services.contract, m01["enterprise_id"], "M03")
    tenure = await bring_into_force(services.contract, await draft(services.contract, registered["id"],
                                                                     start="2023-01-01", end="2025-12-31"))
    await services.deliver()
    m03 = {**m01, "code": "M03", "tenure_id": tenure["id"], "manager_id": registered["id"]}
    await plan_pay(services, m03, base="100000", performance="300000")
    await appraised(services, [m01, m02])
    return [m01, m02, m03]


async def pay_figures(services: Services3, on: str, **filters: str) -> dict:
    response = await services.contract.get("/supervision", params={"on": on, **filters})
    assert response.status_code == 200, response.text
    assert response.json()["complete"] is True
    return response.json()["pay"]


async def test_the_performance_pay_share_is_measured_by_level_against_the_policy_minimum(services3) -> None:  # noqa: F811
    await planned_and_appraised(services3)
    assert (await pay_figures(services3, "2023-06-30"))["performance_share_by_level"] == [MIDDLE]
    only_2022 = (await pay_figures(services3, "2022-06-30"))["performance_share_by_level"]  # M03 not yet in force
    assert only_2022 == [{**MIDDLE, "managers": 2, "performance_share": "0.5000"}]


async def test_the_share_of_managers_whose_pay_followed_an_appraisal_counts_performance_pay_paid(services3) -> None:  # noqa: F811
    members = await planned_and_appraised(services3)
    followed = (await pay_figures(services3, "2023-06-30"))["pay_followed_appraisal"]
    assert followed == {"managers": 3, "followed": 2, "rate": "0.6667"}
    before = (await pay_figures(services3, "2023-02-28"))["pay_followed_appraisal"]  # final on 2023-03-01
    assert before == {"managers": 3, "followed": 0, "rate": "0.0000"}
    per_enterprise = await pay_figures(services3, "2023-06-30", enterprise_id=members[0]["enterprise_id"])
    assert per_enterprise["pay_followed_appraisal"] == followed


async def test_the_supervisors_figures_come_as_a_workbook(services3) -> None:  # noqa: F811
    await planned_and_appraised(services3)
    response = await services3.contract.get("/supervision", params={"on": "2023-06-30", "format": "xlsx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = {(measure, item): value for measure, item, value in book["figures"].iter_rows(min_row=2, values_only=True)}
    assert rows[("signing_coverage", "manager_rate")] == 1
    assert rows[("performance_share.middle", "performance_share")] == 0.5833
    assert rows[("performance_share.middle", "minimum")] == 0.5
    assert (rows[("pay_followed_appraisal", "followed")], rows[("pay_followed_appraisal", "rate")]) == (2, 0.6667)
    assert (rows[("moved_for_performance", "out")], rows[("moved_for_performance", "down")]) == (0, 0)


async def test_a_plan_below_the_minimum_of_the_policy_now_in_force_is_counted_below_it(services3) -> None:  # noqa: F811
    raised = {"parameters": {"min_performance_share": {"middle": "0.60"}}, "effective_from": "2023-01-01",
              "reason": "集团薪酬政策调整：中层绩效占比不低于60%"}
    await pay_group(services3, size=2, revision=raised)  # planned at 0.50 under version 1, in force in 2022
    [middle] = (await pay_figures(services3, "2023-06-30"))["performance_share_by_level"]
    assert (middle["minimum"], middle["below_minimum"], middle["lowest_share"]) == ("0.60", 2, "0.5000")
    [in_2022] = (await pay_figures(services3, "2022-06-30"))["performance_share_by_level"]
    assert (in_2022["minimum"], in_2022["below_minimum"]) == ("0.50", 0)


async def test_an_unknown_filter_of_the_payrolls_supervision_figures_is_refused(services3) -> None:  # noqa: F811
    response = await services3.payroll.get("/supervision/pay", params={"on": "2023-06-30", "enterprise": "E1"})
    assert response.status_code == 422, response.text
    assert (response.json()["field"], response.json()["rule"]) == ("enterprise", "known_filter")
