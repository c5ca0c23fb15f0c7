"""A whole tenure through both services: three golden managers appraised in 2022, 2023 and 2024. The last
year's final appraisal yields each tenure appraisal; exit proposals and tenure appraisals reach the contract
side. Grades depend on the group (here 3 of the scenario's 10); KPI scores, totals and tenure scores do not."""

from __future__ import annotations

import asyncio
from decimal import ROUND_HALF_UP, Decimal

from tests.appraisal.api.helpers import (
    TENURE_YEARS,
    appraise,
    contract_events,
    expected,
    group,
    member_of,
    sign_letters,
)


async def test_the_final_year_yields_a_tenure_appraisal_that_reaches_the_contract_side(services) -> None:
    members = await group(services, size=3, year=TENURE_YEARS[0])
    for year in TENURE_YEARS[1:]:
        await sign_letters(services, members, year)
    finals = {year: await appraise(services, members, year) for year in TENURE_YEARS}
    want = expected()
    for year, final in finals.items():
        assert {m["manager_code"]: m["total"] for m in final["members"]} == {
            m["code"]: want["years"][str(year)][m["code"]]["total"] for m in members}

    # 2023: M03 scored 59.60 with profit at 65 % of target, an annual exit proposal, for a decision.
    m03 = member_of(finals[2023], "M03")
    assert {t["kind"] for t in m03["exit_triggers"]} == {"score_below_floor", "main_kpi_below_floor"}
    assert [m["exit_triggers"] for m in finals[2023]["members"] if m["manager_code"] != "M03"] == [[], []]

    # 2024 closes the tenure: the mean of the three annual totals, to 2 dp.
    for member in members:
        tenure = (await services.appraisal.get(f"/tenure-appraisals/{member['tenure_id']}")).json()
        totals = {str(year): want["years"][str(year)][member["code"]]["total"] for year in TENURE_YEARS}
        mean = (sum(Decimal(t) for t in totals.values()) / 3).quantize(Decimal("0.01"), ROUND_HALF_UP)
        golden = want["managers"][member["code"]]
        assert (tenure["annual_totals"], tenure["tenure_score"]) == (totals, str(mean))
        assert tenure["basis"] == "mean_of_annual_scores"
        assert (tenure["tenure_score"], tenure["tenure_grade"], tenure["tenure_coefficient"]) == (
            golden["tenure_score"], golden["tenure_grade"], golden["tenure_coefficient"])
        assert (tenure["final_on"], tenure["exit_triggers"]) == ("2025-03-01", [])

    await services.deliver()
    m03_tenure = next(m["tenure_id"] for m in members if m["code"] == "M03")
    for _ in range(100):  # the contract side keeps the proposals it learned, answered with the tenure
        if proposals := (await services.contract.get(f"/tenures/{m03_tenure}")).json()["exit_proposals"]:
            break
        await asyncio.sleep(0.05)
    [proposal] = proposals
    assert (proposal["year"], proposal["basis"]) == (2023, "annual")
    warnings = (await services.appraisal.get(f"/managers/{m03['manager_id']}/warnings")).json()
    assert [(p["id"], p["year"]) for p in warnings["exit_proposals"]] == [(proposal["proposal_id"], 2023)]
    await contract_events(services, "Tenure.TenureAppraisalRecorded", 3)
    for member in members:
        contract_tenure = (await services.contract.get(f"/tenures/{member['tenure_id']}")).json()
        recorded = contract_tenure["tenure_appraisal"]
        assert (Decimal(recorded["score"]), recorded["grade"], recorded["final_on"]) == (
            Decimal(want["managers"][member["code"]]["tenure_score"]), "qualified", "2025-03-01")
        assert contract_tenure["status"] == "active"  # a proposal is not an exit: it waits for a decision
