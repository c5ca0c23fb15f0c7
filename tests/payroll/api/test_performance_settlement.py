"""Performance pay settled when an annual appraisal becomes final (DOMAIN.md "Pay"): the year's pro-rated target
× the grade's coefficient, on the payslip of the month it became final; retention held back when the policy
sets it; an unqualified year paid nothing. Driven through the contract and appraisal APIs, delivered."""

from __future__ import annotations

from decimal import Decimal

from services.appraisal_svc.domain.member import member_id
from shared.decimals import round_money

from tests.payroll.api.helpers import TARGET_2022, account, appraised, lines, pay_group, plan_pay
from tests.payroll.conftest import Services3

EXCELLENT = "251506.85"  # 167,671.23 × 1.5, half up


async def test_performance_pay_is_the_target_times_the_grade_coefficient(services3: Services3) -> None:
    # a quota of one excellent in two (50 %), so that the committee may raise one of the tied pair to it
    m01, m02 = await pay_group(services3, size=2, letters=True, excellent_pct="50")
    override = {"tenure_id": m01["tenure_id"], "grade": "qualified", "reason": "集团年度表彰名额调整，党委会纪要〔2023〕2号"}
    final = await appraised(services3, [m01, m02], overrides=[override])
    [qualified], [excellent] = await lines(services3, m01, "performance"), await lines(services3, m02, "performance")
    assert (qualified["amount"], excellent["amount"]) == (str(TARGET_2022), EXCELLENT)  # qualified × 1.0
    for member, line in ((m01, qualified), (m02, excellent)):
        assert (line["period"], line["for_period"], line["corrects"]) == ("2023-03", "2022", None)
        assert line["cause"]["type"] == "annual_appraisal"
        assert line["cause"]["ref"].startswith(f"appraisal:{member_id(member['tenure_id'], 2022)}:")  # its own stream
    settled = (await account(services3, m02))["settlements"]["2022"]
    assert (settled["grade"], settled["rate"], settled["performance_target"]) == ("excellent", "1.5", str(TARGET_2022))


async def test_retention_is_held_back_when_the_policy_sets_retention_pct(services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, retention_pct="25")
    await appraised(services3, [member])
    [line] = await lines(services3, member, "performance")
    settled = (await account(services3, member))["settlements"]["2022"]
    held = (settled["performance_pay"], settled["retention_pct"], settled["retained"])
    assert held == (str(TARGET_2022), "25", "41917.81")  # 25 % of 167,671.23, half up
    assert line["amount"] == settled["performance_paid_now"] == "125753.42"  # 167,671.23 − 41,917.81


async def test_an_unqualified_year_forfeits_all_performance_pay(services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, exit_score_floor="99")  # the golden 98.60 is below it
    final = await appraised(services3, [member])
    assert final["members"][0]["grade"] == "unqualified"
    [line] = await lines(services3, member, "performance")
    assert (line["amount"], line["for_period"]) == ("0.00", "2022")


async def test_a_pay_plan_made_after_the_year_became_final_still_settles_it(services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, plan=False)
    await appraised(services3, [member])
    await plan_pay(services3, member)
    [line] = await lines(services3, member, "performance")
    assert (line["for_period"], line["amount"]) == ("2022", str(TARGET_2022))


async def test_removal_for_cause_forfeits_that_years_performance_pay(services3: Services3) -> None:
    removed, kept = await pay_group(services3, size=2, letters=True)
    removal = {"reason": "严重违纪", "mode": "rigid_exit", "decision_makers": ["党委会", "董事会"],
               "decided_on": "2022-12-20", "effective_on": "2022-12-31", "decision_ref": "董事会决议〔2022〕9号"}
    terminated = await services3.contract.post(f"/tenures/{removed['tenure_id']}/termination", json=removal)
    assert terminated.status_code == 201, terminated.text
    await services3.deliver()
    await appraised(services3, [removed, kept])
    settled = (await account(services3, removed))["settlements"]["2022"]
    assert (settled["performance_pay"], settled["forfeited_by"]) == ("0.00", "terminated_for_cause")
    assert (await account(services3, kept))["settlements"]["2022"]["performance_pay"] != "0.00"


async def test_performance_pay_follows_the_policy_version_the_appraisal_used(services3: Services3) -> None:
    revision = {"parameters": {"coefficients": {"qualified": "1.1"}}, "effective_from": "2022-06-01",
                "reason": "集团薪酬政策调整"}
    [member] = await pay_group(services3, letters=True, revision=revision)
    await appraised(services3, [member])
    [line] = await lines(services3, member, "performance")
    assert (line["amount"], line["policy_version"]) == (str(round_money(TARGET_2022 * Decimal("1.1"))), 2)
