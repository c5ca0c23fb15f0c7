"""Arrears and recoveries after a revision (DOMAIN.md "Changes after the fact"): a final annual result revised
on corrected figures pays the difference as new lines naming what they correct (tests/payroll/api/
test_corrections.py); the retained pay follows the revised figure, and where the tenure was settled already the
difference in the retained pay released is again an arrears or recovery line. The policy pays in score mode
(target × score / 100) and retains 25 %, so every change of the score changes both parts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.appraisal.api.helpers import TENURE_YEARS, appraise, sign_letter, sign_letters
from tests.contract.api.tenure_helpers import active_tenure
from tests.payroll.api.helpers import account, appraised, lines, pay_group, plan_pay, revised
from tests.payroll.conftest import Services3

D = Decimal
RETAINING = {"performance_mode": "score", "retention_pct": "25"}
RETAINED, REVISED_RETAINED = "41330.96", "41708.22"  # 25 % of 165,323.83 (at 98.60) and of 166,832.87 (at 99.50)


async def whole_tenure(services: Services3) -> tuple[dict[str, Any], dict[str, Any]]:
    """M01's tenure 2022-2024 planned, appraised to final year by year and settled; and its 2022 final."""
    contract = await active_tenure(services.contract, code="M01", **RETAINING)
    member = {"code": "M01", "index": 0, "tenure_id": contract.tenure["id"], "manager_id": contract.manager["id"],
              "name": contract.manager["name"], "enterprise_id": contract.enterprise["id"],
              "enterprise_code": contract.enterprise["code"]}
    await sign_letter(services, member, TENURE_YEARS[0])
    await services.deliver()
    await plan_pay(services, member)
    for year in TENURE_YEARS[1:]:
        await sign_letters(services, [member], year)
    finals = [await appraise(services, [member], year) for year in TENURE_YEARS]
    await services.deliver()
    return member, finals[0]


async def test_retained_pay_follows_the_revised_figure(services3: Services3) -> None:
    [member] = await pay_group(services3, letters=True, **RETAINING)
    final = await appraised(services3, [member])
    assert (await account(services3, member))["settlements"]["2022"]["retained"] == RETAINED
    await revised(services3, final, member, revenue="10500", decided_on="2023-06-01")  # 98.60 → 99.50
    settled = (await account(services3, member))["settlements"]["2022"]
    assert (settled["performance_pay"], settled["retained"]) == ("166832.87", REVISED_RETAINED)
    [arrears] = await lines(services3, member, "arrears")
    assert arrears["amount"] == "1131.78"  # what is paid now: 125,124.65 less the 123,992.87 paid


async def test_a_revision_after_the_tenure_was_settled_corrects_the_retained_pay_released(
        services3: Services3) -> None:
    member, final_2022 = await whole_tenure(services3)
    [released] = await lines(services3, member, "retention_release")
    before = (await account(services3, member))["tenure_settlement"]
    assert before["forfeited_by"] is None and D(before["retained_released"]) > 0
    await revised(services3, final_2022, member, revenue="10500", decided_on="2025-04-01")
    after = await account(services3, member)
    corrections = {line["corrects"]: line for line in after["lines"] if line["kind"] == "arrears"}
    [performance_2022] = [line for line in after["lines"] if line["kind"] == "performance" and line["for_period"] == "2022"]
    assert corrections[performance_2022["line_id"]]["amount"] == "1131.78"
    release = corrections[released["line_id"]]
    assert (release["amount"], release["for_period"], release["period"]) == ("377.26", "tenure", "2025-04")
    assert D(after["tenure_settlement"]["retained_released"]) == D(before["retained_released"]) + D("377.26")
    assert await lines(services3, member, "retention_release") == [released]  # the line paid stays as it was


async def test_a_revision_after_the_tenure_was_settled_pays_the_difference_in_the_tenure_incentive(
        services3: Services3) -> None:
    member, final_2022 = await whole_tenure(services3)
    [incentive] = await lines(services3, member, "tenure_incentive")
    # target pay over the tenure 400,000 × (306 / 365 + 1 + 1) = 1,135,342.4657…; × 10 % × the coefficient
    # 0.986 × 0.815 × 0.976 = 0.78430384 → 0.7843: 113,534.2466 × 0.7843 = 89,044.9096 → 89,044.91
    assert incentive["amount"] == "89044.91"

    await revised(services3, final_2022, member, revenue="10500", decided_on="2025-04-01")  # 2022: 98.60 → 99.50

    after = await account(services3, member)
    # coefficient 0.995 × 0.815 × 0.976 = 0.7914628 → 0.7915: 113,534.2466 × 0.7915 = 89,862.3562 → 89,862.36,
    # so 89,862.36 − 89,044.91 = 817.45 more, on the next open period, naming the incentive line it corrects
    [arrears] = [line for line in after["lines"] if line["kind"] == "arrears" and line["corrects"] == incentive["line_id"]]
    assert (arrears["amount"], arrears["for_period"], arrears["period"]) == ("817.45", "tenure", "2025-04")
    assert (after["tenure_settlement"]["tenure_coefficient"], after["tenure_settlement"]["tenure_incentive"]) == (
        "0.7915", "89862.36")
    assert await lines(services3, member, "tenure_incentive") == [incentive]  # the line paid stays as it was
