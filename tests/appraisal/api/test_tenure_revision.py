"""The tenure appraisal follows a revision of one of its years after final (DOMAIN.md "Correction after final"):
it is appraised again on the revised annual total (`TenureAppraisal.Revised`, naming the year and the decision),
and the contract side keeps it as a correction. Figures in tenure_sheet_helpers; the 2023 profit of 1235 on a
target of 1300 (deduct, 5 points short: 30 × (1 − 0.10 × 5) = 15.00) corrected to 1300 scores 30.00, so 2023's
81.50 becomes 96.50."""

from __future__ import annotations

from typing import Any

from tests.appraisal.api.helpers import contract_events, feed, ledger, refused
from tests.appraisal.api.tenure_sheet_helpers import (
    TENURE_KPIS,
    final_year,
    tenure_appraisal,
    tenure_figures,
    tenure_with_letter,
)
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created

DECISION = "董事会决议〔2025〕3号"


async def appraised_tenure(services: Services, kpis: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """M01's tenure appraised with the 2024 year; and the 2023 final appraisal."""
    member = await tenure_with_letter(services, kpis)
    if kpis:
        await tenure_figures(services, member, revenue="35070", ratings=("80", "70"))
    finals = {year: await final_year(services, member, year) for year in (2022, 2023, 2024)}
    return member, finals[2023]


async def revise_2023_profit(services: Services, member: dict[str, Any], final: dict[str, Any]) -> dict[str, Any]:
    entry = [e for e in (await ledger(services, member, 2023))["entries"] if e["kpi_code"] == "profit"][-1]
    correction = {"tenure_id": member["tenure_id"], "year": 2023, "entry_id": entry["entry_id"], "value": "1300",
                  "reason": "审计调整：利润跨期确认"}
    await created(services.appraisal.post("/actuals/corrections", json=correction))
    body = {"tenure_id": member["tenure_id"], "reason": "2023年度审计调整", "decision_ref": DECISION,
            "decided_on": "2025-06-15"}
    return await created(services.appraisal.post(f"/appraisals/{final['id']}/revision", json=body))


async def test_a_revised_year_appraises_the_tenure_again_on_the_revised_total(services) -> None:
    member, final_2023 = await appraised_tenure(services, [])
    before = await tenure_appraisal(services, member)
    # (98.60 + 81.50 + 97.60) / 3 = 92.57; 0.986 × 0.815 × 0.976 = 0.78430384 → 0.7843
    assert (before["tenure_score"], before["tenure_coefficient"]) == ("92.57", "0.7843")
    sent_before = len(await feed(services))

    await revise_2023_profit(services, member, final_2023)

    after = await tenure_appraisal(services, member)
    # (98.60 + 96.50 + 97.60) / 3 = 292.70 / 3 = 97.5666… → 97.57; 0.986 × 0.965 × 0.976 = 0.92865424 → 0.9287
    assert after["annual_totals"] == {"2022": "98.60", "2023": "96.50", "2024": "97.60"}
    assert (after["tenure_score"], after["tenure_coefficient"], after["tenure_grade"]) == ("97.57", "0.9287", "qualified")
    assert after["final_on"] == "2025-03-01"  # appraised on that day; revised since, as the revisions say
    assert after["revisions"] == [{"year": 2023, "reason": "2023年度审计调整", "decision_ref": DECISION,
                                   "decided_on": "2025-06-15", "score": "97.57", "coefficient": "0.9287"}]
    [sent] = [e for e in (await feed(services))[sent_before:] if e["type"].startswith("TenureAppraisal.")]
    assert (sent["type"], sent["payload"]["final_on"], sent["payload"]["decision_ref"]) == (
        "TenureAppraisal.Revised", "2025-06-15", DECISION)

    await services.deliver()
    await contract_events(services, "Tenure.TenureAppraisalRecorded", 2)
    recorded = (await services.contract.get(f"/tenures/{member['tenure_id']}")).json()["tenure_appraisal"]
    assert (recorded["score"], recorded["correction_reason"]) == ("97.57", "2023年度审计调整")


async def test_a_revised_year_keeps_the_tenure_sheet_score_and_moves_the_coefficient(services) -> None:
    member, final_2023 = await appraised_tenure(services, TENURE_KPIS)

    await revise_2023_profit(services, member, final_2023)

    after = await tenure_appraisal(services, member)
    # the tenure sheet's 73.50 + 22.50 = 96.00 rests on no annual figure; the coefficient does: 0.9287 as above
    assert (after["basis"], after["tenure_score"], after["tenure_coefficient"]) == ("tenure_sheet", "96.00", "0.9287")
    assert after["sheet"]["total"] == "96.00"


async def test_a_refused_revision_leaves_the_tenure_appraisal_as_it_was(services) -> None:
    member, final_2023 = await appraised_tenure(services, [])
    before = await tenure_appraisal(services, member)
    body = {"tenure_id": member["tenure_id"], "reason": " ", "decision_ref": DECISION, "decided_on": "2025-06-15"}
    url = f"/appraisals/{final_2023['id']}/revision"

    await refused(services, services.appraisal.post(url, json=body), 422, "reason", "reason_required")

    assert await tenure_appraisal(services, member) == before
