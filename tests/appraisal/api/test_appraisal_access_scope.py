"""Who may see and do what in the appraisal service: a role counts only in the enterprises it is granted for,
the manager only for their own tenure; what lies outside a caller's grants is answered as if it did not
exist (404), and a batch or a file that reaches outside them is refused whole, with nothing written."""

from __future__ import annotations

from typing import Any

from tests.appraisal.api.helpers import (
    TENURE_YEARS,
    YEAR,
    actual,
    appraise,
    as_manager,
    confirm,
    csv_file,
    golden_rows,
    group,
    open_and_close,
    post_figures,
    refused,
    sign_letters,
)
from tests.appraisal.conftest import Services
from tests.auth import person
from tests.contract.api.helpers import assert_problem, created
from tests.contract.api.tenure_helpers import governed_enterprise

HR_E1, HR_E2 = person("钱敏", "enterprise_hr@E1"), person("孙琳", "enterprise_hr@E2")
ERP_E1 = person("集团ERP", "integration@E1", subject="erp.e1")


async def two_enterprises(services: Services) -> tuple[dict[str, Any], dict[str, Any]]:
    """M01 of E1 and M11 of E2, each with a tenure in force and a signed 2022 letter, learned."""
    [m01] = await group(services, size=1)
    [m11] = await group(services, size=1, enterprise=await governed_enterprise(services.contract, "E2"), first=11)
    return m01, m11


async def appraised(services: Services, member: dict[str, Any]) -> dict[str, Any]:
    """The member's enterprise's 2022 appraisal, closed on the golden figures."""
    await post_figures(services, [member])
    return await open_and_close(services, [member])


def objection(member: dict[str, Any]) -> dict[str, Any]:
    return {"tenure_id": member["tenure_id"], "reason": "营业收入含代收款，口径有误", "filed_on": "2023-02-01"}


async def test_an_hr_officer_of_another_enterprise_finds_neither_its_appraisals_nor_its_actuals(services) -> None:
    m01, m11 = await two_enterprises(services)
    e1, e2 = await appraised(services, m01), await appraised(services, m11)
    for url in (f"/appraisals/{e1['id']}", f"/appraisals/{e1['id']}/ranking"):
        assert_problem(await services.appraisal.get(url, headers=HR_E2), 404, "id", "exists")
    ledger = {"tenure_id": m01["tenure_id"], "year": YEAR}
    assert_problem(await services.appraisal.get("/actuals", params=ledger, headers=HR_E2), 404, "id", "exists")
    assert [a["id"] for a in (await services.appraisal.get("/appraisals", headers=HR_E2)).json()["items"]] == [e2["id"]]
    asked = {"enterprise_id": m01["enterprise_id"]}
    assert (await services.appraisal.get("/appraisals", params=asked, headers=HR_E2)).json()["items"] == []
    assert [a["id"] for a in (await services.appraisal.get("/appraisals", headers=HR_E1)).json()["items"]] == [e1["id"]]
    assert (await services.appraisal.get("/actuals", params=ledger, headers=HR_E1)).status_code == 200


async def test_an_actual_for_another_enterprises_tenure_is_refused_as_for_a_tenure_never_learned(services) -> None:
    m01, _ = await two_enterprises(services)
    problem = await refused(services, services.appraisal.post("/actuals", json=actual(m01, "revenue", "10200"),
                                                              headers=HR_E2), 404, "tenure_id", "known_tenure")
    assert problem["detail"] == f"this service knows no tenure {m01['tenure_id']} (yet)"
    entry = (await created(services.appraisal.post("/actuals", json=actual(m01, "profit", "1200"), headers=HR_E1)))
    correction = {"tenure_id": m01["tenure_id"], "year": YEAR, "entry_id": entry["entries"][0]["entry_id"],
                  "value": "1236", "reason": "审计调整"}
    await refused(services, services.appraisal.post("/actuals/corrections", json=correction, headers=HR_E2),
                  404, "tenure_id", "known_tenure")
    rating = {"tenure_id": m01["tenure_id"], "year": YEAR, "kpi_code": "party", "evaluator": "党委书记", "rating": "90"}
    committee_e2 = person("吴委员", "appraisal_committee@E2")
    await refused(services, services.appraisal.post("/ratings", json=rating, headers=committee_e2),
                  404, "tenure_id", "known_tenure")


async def test_an_integration_batch_with_one_item_outside_its_enterprise_records_nothing(services) -> None:
    m01, m11 = await two_enterprises(services)
    items = [actual(m01, "revenue", "10200", source="erp"), actual(m11, "revenue", "11550", source="erp")]
    batch = services.appraisal.post("/actuals/batch", json={"items": items}, headers=ERP_E1)
    problem = await refused(services, batch, 404, "items.1.tenure_id", "known_tenure")
    assert problem["detail"].startswith("item 1:")
    for member in (m01, m11):
        ledger = {"tenure_id": member["tenure_id"], "year": YEAR}
        assert (await services.appraisal.get("/actuals", params=ledger)).status_code == 404
    recorded = await created(services.appraisal.post("/actuals/batch", json={"items": items[:1]}, headers=ERP_E1))
    assert [(e["kpi_code"], e["source"]) for e in recorded] == [("revenue", "erp")]


async def test_a_spreadsheet_naming_a_manager_of_another_enterprise_is_refused_whole(services) -> None:
    m01, _ = await two_enterprises(services)
    rows = [*golden_rows(("M01",)), ["M11", YEAR, "revenue", 11550, True, None]]  # row 5: M11 is E2's
    upload = services.appraisal.post("/actuals/upload", files={"file": csv_file(rows)}, headers=HR_E1)
    problem = await refused(services, upload, 422, "file", "spreadsheet_rows")
    assert [(e["row"], e["field"], e["rule"]) for e in problem["errors"]] == [(5, "manager_code", "known_tenure")]
    ledger = {"tenure_id": m01["tenure_id"], "year": YEAR}
    assert (await services.appraisal.get("/actuals", params=ledger)).status_code == 404


async def test_a_manager_files_an_objection_on_their_own_appraisal_but_not_on_a_colleagues(services) -> None:
    m01, m02 = await group(services, size=2)
    await post_figures(services, [m01, m02])
    closed = await open_and_close(services, [m01, m02])
    await confirm(services, closed["id"])
    url = f"/appraisals/{closed['id']}/objections"
    colleagues = services.appraisal.post(url, json=objection(m02), headers=as_manager(m01))
    await refused(services, colleagues, 404, "tenure_id", "known_tenure")
    elsewhere = person(m01["name"], "manager@E2", subject="manager-M01", manager_code="M01")
    await refused(services, services.appraisal.post(url, json=objection(m01), headers=elsewhere),
                  404, "tenure_id", "known_tenure")
    office = services.appraisal.post(url, json=objection(m01))  # every staff role, but not the manager's own
    await refused(services, office, 403, "Authorization", "role_required")
    filed = await created(services.appraisal.post(url, json=objection(m01), headers=as_manager(m01)))
    assert [o["tenure_id"] for o in filed["objections"]] == [m01["tenure_id"]]


async def test_a_manager_reads_their_own_tenure_appraisal_and_warnings_not_a_colleagues(services) -> None:
    m01, m02 = await group(services, size=2, year=TENURE_YEARS[0])
    for year in TENURE_YEARS[1:]:
        await sign_letters(services, [m01, m02], year)
    finals = [await appraise(services, [m01, m02], year) for year in TENURE_YEARS]
    own = as_manager(m01)
    tenure = await services.appraisal.get(f"/tenure-appraisals/{m01['tenure_id']}", headers=own)
    assert (tenure.status_code, tenure.json()["annual_totals"].keys()) == (200, {str(y) for y in TENURE_YEARS})
    warnings = (await services.appraisal.get(f"/managers/{m01['manager_id']}/warnings", headers=own)).json()
    assert [y["year"] for y in warnings["years"]] == list(TENURE_YEARS)
    ledger = await services.appraisal.get("/actuals", params={"tenure_id": m01["tenure_id"], "year": YEAR}, headers=own)
    assert ledger.status_code == 200
    for url in (f"/tenure-appraisals/{m02['tenure_id']}", f"/managers/{m02['manager_id']}/warnings"):
        assert_problem(await services.appraisal.get(url, headers=own), 404, "id", "exists")
    colleague = {"tenure_id": m02["tenure_id"], "year": YEAR}
    assert_problem(await services.appraisal.get("/actuals", params=colleague, headers=own), 404, "id", "exists")
    for url in (f"/appraisals/{finals[0]['id']}", "/appraisals"):  # a whole group's figures are never a manager's
        assert_problem(await services.appraisal.get(url, headers=own), 403, "Authorization", "role_required")


async def test_a_committee_member_of_one_enterprise_cannot_finalise_anothers_appraisal(services) -> None:
    m01, m11 = await two_enterprises(services)
    await appraised(services, m01)
    e2 = await appraised(services, m11)
    await confirm(services, e2["id"])
    committee_e1, committee_e2 = person("周委员", "appraisal_committee@E1"), person("吴委员", "appraisal_committee@E2")
    final = {"on": "2023-03-01"}
    request = services.appraisal.post(f"/appraisals/{e2['id']}/finalisation", json=final, headers=committee_e1)
    await refused(services, request, 404, "id", "exists")
    opening = {"enterprise_id": m11["enterprise_id"], "year": 2023}
    await refused(services, services.appraisal.post("/appraisals", json=opening, headers=committee_e1),
                  404, "enterprise_id", "exists")
    finalised = await created(services.appraisal.post(f"/appraisals/{e2['id']}/finalisation", json=final,
                                                      headers=committee_e2))
    assert finalised["status"] == "final"
