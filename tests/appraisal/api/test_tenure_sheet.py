"""The tenure letter's own KPI sheet (DOMAIN.md "Tenure appraisal"): its actuals and ratings are recorded for the
tenure period like a year's, and the tenure appraisal done with the final year's scores that sheet against the
tenure targets instead of taking the mean of the annual scores. Figures in tenure_sheet_helpers."""

from __future__ import annotations

from tests.appraisal.api.helpers import finalise, refused
from tests.appraisal.api.tenure_sheet_helpers import (
    TENURE_KPIS,
    confirmed_year,
    final_year,
    tenure_appraisal,
    tenure_figures,
    tenure_with_letter,
)


async def test_a_tenure_letter_with_its_own_sheet_is_scored_on_the_tenure_figures_not_the_mean(services) -> None:
    member = await tenure_with_letter(services, TENURE_KPIS)
    await tenure_figures(services, member, revenue="35070", ratings=("80", "70"))
    for year in (2022, 2023, 2024):
        await final_year(services, member, year)

    tenure = await tenure_appraisal(services, member)

    # revenue: linear, 35070 / 33400 = 1.05 → 70 × 1.05 = 73.50; party: mean (80 + 70) / 2 = 75 → 30 × 75 / 100
    # = 22.50; tenure score 73.50 + 22.50 = 96.00, not the mean (98.60 + 81.50 + 97.60) / 3 = 92.57.
    assert (tenure["basis"], tenure["tenure_score"], tenure["tenure_grade"]) == ("tenure_sheet", "96.00", "qualified")
    kpis = {k["code"]: k for k in tenure["sheet"]["kpis"]}
    assert (kpis["revenue_tenure"]["completion"], kpis["revenue_tenure"]["score"]) == ("1.0500", "73.50")
    assert (kpis["party"]["score"], tenure["sheet"]["vetoed_by"]) == ("22.50", [])
    assert tenure["sheet_inputs"]["actuals"]["revenue_tenure"]["value"] == "35070"
    # the coefficient is still the annual scores' product: 0.986 × 0.815 × 0.976 = 0.78430384 → 0.7843
    assert (tenure["tenure_coefficient"], tenure["exit_triggers"]) == ("0.7843", [])
    record = (await services.appraisal.get(f"/record-parts/{member['manager_id']}")).json()
    [part] = [t for t in record["tenures"] if t["tenure_id"] == member["tenure_id"]]
    assert (part["tenure_appraisal"]["basis"], part["tenure_appraisal"]["tenure_score"]) == ("tenure_sheet", "96.00")
    assert [e["kpi_code"] for e in part["tenure_actuals"]["entries"]] == ["revenue_tenure", "party", "party"]


async def test_a_failed_veto_on_the_tenure_sheet_makes_the_tenure_unqualified_and_proposes_an_exit(services) -> None:
    member = await tenure_with_letter(services, TENURE_KPIS)
    await tenure_figures(services, member, revenue="35070", ratings=("50",))
    for year in (2022, 2023, 2024):
        await final_year(services, member, year)

    tenure = await tenure_appraisal(services, member)

    # party: 50 < veto_below 60 → vetoed; 73.50 + 30 × 50 / 100 = 88.50, above the floor of 70 yet unqualified
    assert (tenure["basis"], tenure["tenure_score"], tenure["tenure_grade"]) == ("tenure_sheet", "88.50", "unqualified")
    assert [t["kind"] for t in tenure["exit_triggers"]] == ["tenure_unqualified"]
    assert tenure["sheet"]["vetoed_by"] == ["party"]
    warnings = (await services.appraisal.get(f"/managers/{member['manager_id']}/warnings")).json()
    assert [(p["year"], p["basis"], p["status"]) for p in warnings["exit_proposals"]] == [(2024, "tenure", "open")]


async def test_a_tenure_letter_without_a_sheet_keeps_the_mean_and_takes_no_tenure_figures(services) -> None:
    member = await tenure_with_letter(services, [])
    body = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "revenue_tenure", "value": "1",
            "audited": True}
    await refused(services, services.appraisal.post("/actuals", json=body), 422, "period", "tenure_sheet")
    for year in (2022, 2023, 2024):
        await final_year(services, member, year)

    tenure = await tenure_appraisal(services, member)

    # (98.60 + 81.50 + 97.60) / 3 = 277.70 / 3 = 92.5666… → 92.57
    assert (tenure["basis"], tenure["tenure_score"], tenure["sheet"]) == ("mean_of_annual_scores", "92.57", None)


async def test_tenure_figures_name_no_year_and_a_kpi_of_the_tenure_sheet(services) -> None:
    member = await tenure_with_letter(services, TENURE_KPIS)
    body = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "revenue_tenure", "value": "35070"}
    actuals = services.appraisal
    await refused(services, actuals.post("/actuals", json={**body, "year": 2024}), 422, "year",
                  "tenure_period_has_no_year")
    await refused(services, actuals.post("/actuals", json={**body, "kpi_code": "profit"}), 422, "kpi_code", "known_kpi")
    await refused(services, actuals.post("/actuals", json={**body, "kpi_code": "party"}), 422, "kpi_code", "rated_kpi")
    await refused(services, actuals.post("/actuals", json={**body, "period": "annual"}), 422, "year", "year_required")
    ledger = await actuals.get("/actuals", params={"tenure_id": member["tenure_id"], "period": "tenure"})
    assert ledger.status_code == 404  # nothing recorded: the tenure period's ledger is not opened


async def test_finalising_the_last_year_is_refused_while_the_tenure_sheet_lacks_audited_figures(services) -> None:
    member = await tenure_with_letter(services, TENURE_KPIS)
    body = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "revenue_tenure", "value": "35070",
            "audited": False}
    await services.appraisal.post("/actuals", json=body)
    for year in (2022, 2023):
        await final_year(services, member, year)
    confirmed = await confirmed_year(services, member, 2024)
    url = f"/appraisals/{confirmed['id']}/finalisation"

    problem = await refused(services, services.appraisal.post(url, json={"on": "2025-03-01"}), 422, "actuals",
                            "audited_tenure_actuals_complete")

    assert {(m["kpi_code"], m["problem"], m["period"]) for m in problem["missing"]} == {
        ("revenue_tenure", "actual tenure-1 is not audited", "tenure"), ("party", "no rating", "tenure")}
    assert (await services.appraisal.get(f"/appraisals/{confirmed['id']}")).json()["status"] == "confirmed"
    correction = {"tenure_id": member["tenure_id"], "period": "tenure", "entry_id": "tenure-1", "value": "35070",
                  "reason": "审计确认", "audited": True}
    assert (await services.appraisal.post("/actuals/corrections", json=correction)).status_code == 201
    rating = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "party", "evaluator": "评委1",
              "rating": "75"}
    assert (await services.appraisal.post("/ratings", json=rating)).status_code == 201
    await finalise(services, confirmed["id"], on="2025-03-01")
    # 73.50 + 30 × 75 / 100 = 73.50 + 22.50 = 96.00
    assert (await tenure_appraisal(services, member))["tenure_score"] == "96.00"


async def test_the_erp_batch_records_tenure_figures_beside_annual_ones(services) -> None:
    member = await tenure_with_letter(services, TENURE_KPIS)
    items = [{"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "revenue_tenure", "value": "35070",
              "audited": True, "source": "erp"},
             {"tenure_id": member["tenure_id"], "year": 2022, "kpi_code": "revenue", "value": "10200", "audited": True,
              "source": "erp"}]
    entries = (await services.appraisal.post("/actuals/batch", json={"items": items})).json()
    assert [e["entry_id"] for e in entries] == ["tenure-1", "2022-1"]
    wrong = [{**items[0], "kpi_code": "revenue"}]
    await refused(services, services.appraisal.post("/actuals/batch", json={"items": wrong}), 422, "items.0.kpi_code",
                  "known_kpi")
