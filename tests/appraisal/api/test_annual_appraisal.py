"""An annual appraisal through the HTTP API: learned letters, audited figures, scores, grades, final."""

from __future__ import annotations

from decimal import Decimal

from services.appraisal_svc.application import appraisals
from tests.appraisal.api.helpers import YEAR, expected, group, open_and_close, post_figures
from tests.contract.api.helpers import assert_problem, created


async def test_scores_follow_the_signed_letters_and_keep_every_intermediate_figure(services) -> None:
    members = await group(services)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    want = expected()["years"][str(YEAR)]
    for member in closed["members"]:
        golden = want[member["manager_code"]]
        assert member["total"] == golden["total"]
        assert {k["code"]: {"score": k["score"], "completion": k["completion"]} for k in member["kpis"]} == golden["kpis"]
        assert all(k["rule"] and k["weight"] for k in member["kpis"])
    assert closed["status"] == "closed" and closed["policy_version"] == 1


async def test_an_appraisal_closes_only_when_every_kpi_has_an_audited_actual(services) -> None:
    members = await group(services, size=2)
    await post_figures(services, members[:1])
    await post_figures(services, members[1:], audited=False)
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"], "year": YEAR}))
    refused = await services.appraisal.post(f"/appraisals/{opened['id']}/closing", json={"closed_on": "2023-01-20"})
    problem = assert_problem(refused, 422, "actuals", "audited_actuals_complete")
    assert {(m["manager_code"], m["kpi_code"]) for m in problem["missing"]} == {("M02", "revenue"), ("M02", "profit"), ("M02", "cost_rate")}
    assert (await services.appraisal.get(f"/appraisals/{opened['id']}")).json()["status"] == "open"


async def test_a_closing_taken_in_parts_reports_the_missing_figures_of_every_part_and_closes_nothing(
        services, monkeypatch) -> None:
    monkeypatch.setattr(appraisals, "MEMBERS_AT_ONCE", 1)
    members = await group(services)
    await post_figures(services, members[1:2])
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"], "year": YEAR}))
    refused = await services.appraisal.post(f"/appraisals/{opened['id']}/closing", json={"closed_on": "2023-01-20"})
    problem = assert_problem(refused, 422, "actuals", "audited_actuals_complete")
    assert {m["manager_code"] for m in problem["missing"]} == {members[0]["code"], members[2]["code"]}
    assert (await services.appraisal.get(f"/appraisals/{opened['id']}")).json()["status"] == "open"


async def test_a_confirmed_appraisal_becomes_final_after_the_objection_window(services) -> None:
    members = await group(services)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    url = f"/appraisals/{closed['id']}"
    confirmed = await created(services.appraisal.post(f"{url}/confirmation", json={"decided_on": "2023-01-25"}))
    assert confirmed["window_ends"] == "2023-02-09"
    early = await services.appraisal.post(f"{url}/finalisation", json={"on": "2023-02-01"})
    assert_problem(early, 422, "on", "objection_window")
    final = await created(services.appraisal.post(f"{url}/finalisation", json={"on": "2023-03-01"}))
    assert final["status"] == "final"
    assert all(m["grade"] for m in final["members"])


async def test_the_ranking_lists_the_group_best_first(services) -> None:
    members = await group(services)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    ranking = (await services.appraisal.get(f"/appraisals/{closed['id']}/ranking")).json()
    totals = [Decimal(r["total"]) for r in ranking["items"]]
    assert totals == sorted(totals, reverse=True) and [r["position"] for r in ranking["items"]] == [1, 2, 3]
    second = (await services.appraisal.get(f"/appraisals/{closed['id']}/ranking", params={"page": 2, "page_size": 2})).json()
    assert ([r["position"] for r in second["items"]], second["total"]) == ([3], 3), "a page at a time"


async def test_a_final_appraisal_is_revised_on_corrected_figures_by_a_decision_with_a_reason(services) -> None:
    members = await group(services)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    url = f"/appraisals/{closed['id']}"
    await created(services.appraisal.post(f"{url}/confirmation", json={"decided_on": "2023-01-25"}))
    final = await created(services.appraisal.post(f"{url}/finalisation", json={"on": "2023-03-01"}))
    first = next(m for m in final["members"] if m["manager_code"] == "M01")
    ledger = (await services.appraisal.get("/actuals", params={"tenure_id": first["tenure_id"], "year": YEAR})).json()
    revenue = next(e for e in ledger["entries"] if e["kpi_code"] == "revenue")
    correction = {"tenure_id": first["tenure_id"], "year": YEAR, "entry_id": revenue["entry_id"], "value": "9000",
                  "reason": "审计调整：收入确认跨期"}
    await created(services.appraisal.post("/actuals/corrections", json=correction))
    body = {"tenure_id": first["tenure_id"], "reason": "审计调整", "decision_ref": "审计报告〔2023〕12号",
            "decided_on": "2023-06-01"}
    unexplained = await services.appraisal.post(f"{url}/revision", json={**body, "reason": " "})
    assert_problem(unexplained, 422, "reason", "reason_required")
    revised = await created(services.appraisal.post(f"{url}/revision", json=body))
    again = next(m for m in revised["members"] if m["manager_code"] == "M01")
    assert Decimal(again["total"]) < Decimal(first["total"])
    assert revised["revisions"] == [{k: body[k] for k in ("reason", "decided_on", "tenure_id", "decision_ref")}]


async def test_a_group_larger_than_a_part_is_closed_and_finalised_alike_a_part_at_a_time(services, monkeypatch) -> None:
    """Members are recorded and saved MEMBERS_AT_ONCE at a time (here parts of 2 and 1): every one is scored,
    graded and final as if all were one part, on the group's one ranking; each step answers them as rendered
    while recording, the same as a read of the group after it."""
    monkeypatch.setattr(appraisals, "MEMBERS_AT_ONCE", 2)
    members = await group(services)
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    want = expected()["years"][str(YEAR)]
    assert {m["manager_code"]: m["total"] for m in closed["members"]} == {
        m["code"]: want[m["code"]]["total"] for m in members}
    url = f"/appraisals/{closed['id']}"
    assert closed["members"] == (await services.appraisal.get(url)).json()["members"], "answered as recorded"
    confirmed = await created(services.appraisal.post(f"{url}/confirmation", json={"decided_on": "2023-01-25"}))
    final = await created(services.appraisal.post(f"{url}/finalisation", json={"on": "2023-03-01"}))
    assert final["members"] == (await services.appraisal.get(url)).json()["members"], "answered as recorded"
    assert {m["manager_code"]: m["grade"] for m in final["members"]} == {
        m["manager_code"]: m["grade"] for m in confirmed["members"]}
    assert all(m["grade"] for m in final["members"]) and final["status"] == "final"
    assert [e["type"] for e in (await services.appraisal.get("/events", params={"limit": 1000})).json()["events"]
            ].count("MemberAppraisal.Finalised") == len(members)
