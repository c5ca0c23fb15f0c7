"""The committee's confirmation and the objection window through the HTTP API: overrides are decisions
with reasons; an upheld objection scores the objector again on corrected actuals, a rejected one changes
nothing; the appraisal is final only once every objection is decided."""

from __future__ import annotations

from typing import Any


from tests.appraisal.api.helpers import (
    YEAR,
    as_manager,
    confirm,
    finalise,
    group,
    ledger,
    member_of,
    open_and_close,
    post_figures,
    refused,
    stream,
)
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created

WINDOW_ENDS = "2023-02-09"  # confirmed 2023-01-25, the default window of 15 days


async def closed_group(services: Services) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """M01 (98.60) and M02 (101.00) on the golden 2022 figures, closed."""
    members = await group(services, size=2)
    await post_figures(services, members)
    return members, await open_and_close(services, members)


async def objection(services: Services, appraisal: dict, member: dict, filed_on: str = "2023-02-01") -> dict:
    """The member's objection, filed by the manager in person."""
    body = {"tenure_id": member["tenure_id"], "reason": "营业收入含代收款，口径有误", "filed_on": filed_on}
    url = f"/appraisals/{appraisal['id']}/objections"
    return await created(services.appraisal.post(url, json=body, headers=as_manager(member)))


async def correct_revenue(services: Services, member: dict, value: str) -> None:
    [entry] = [e for e in (await ledger(services, member))["entries"] if e["kpi_code"] == "revenue"]
    body = {"tenure_id": member["tenure_id"], "year": YEAR, "entry_id": entry["entry_id"], "value": value,
            "reason": "审计调整：剔除代收款"}
    await created(services.appraisal.post("/actuals/corrections", json=body))


def decision(outcome: str, reason: str = "审计复核意见", decided_on: str = "2023-02-05") -> dict[str, str]:
    return {"outcome": outcome, "reason": reason, "decided_on": decided_on}


async def test_the_committee_overrides_a_grade_by_a_decision_with_a_reason(services) -> None:
    members, closed = await closed_group(services)
    assert {m["proposed_grade"] for m in closed["members"]} == {"qualified"}  # no excellent quota in a group of 2
    override = {"tenure_id": members[1]["tenure_id"], "grade": "basic", "reason": "年度安全生产事故，党委会纪要〔2023〕2号"}
    confirmed = await confirm(services, closed["id"], overrides=[override])
    m02, m01 = member_of(confirmed, "M02"), member_of(confirmed, "M01")
    assert (m02["proposed_grade"], m02["grade"], m02["override"]) == ("qualified", "basic", override)
    assert (m01["grade"], m01["override"]) == ("qualified", None)
    assert (await services.appraisal.get(f"/appraisals/{closed['id']}")).json() == confirmed


async def test_an_override_without_a_reason_is_refused(services) -> None:
    members, closed = await closed_group(services)
    url = f"/appraisals/{closed['id']}/confirmation"
    for override, rule in (({"grade": "excellent", "reason": " "}, "reason_required"), ({"grade": "excellent"}, "missing")):
        body = {"decided_on": "2023-01-25", "overrides": [{"tenure_id": members[1]["tenure_id"], **override}]}
        await refused(services, services.appraisal.post(url, json=body), 422, "overrides.0.reason", rule)
    assert (await services.appraisal.get(f"/appraisals/{closed['id']}")).json()["status"] == "closed"


async def test_an_objection_is_filed_within_the_window(services) -> None:
    members, closed = await closed_group(services)
    await confirm(services, closed["id"])
    late = {"tenure_id": members[0]["tenure_id"], "reason": "营业收入口径有误", "filed_on": "2023-02-10"}
    url = f"/appraisals/{closed['id']}/objections"
    request = services.appraisal.post(url, json=late, headers=as_manager(members[0]))
    problem = await refused(services, request, 422, "filed_on", "objection_window")
    assert WINDOW_ENDS in problem["detail"]
    filed = await objection(services, closed, members[0], filed_on=WINDOW_ENDS)
    assert [(o["objection_id"], o["tenure_id"], o["filed_on"], o["outcome"]) for o in filed["objections"]] == [
        (f"{YEAR}-O1", members[0]["tenure_id"], WINDOW_ENDS, None)]


async def test_an_upheld_objection_scores_the_appraisal_again_on_the_corrected_actuals(services) -> None:
    members, closed = await closed_group(services)
    await confirm(services, closed["id"])
    filed = await objection(services, closed, members[0])
    await correct_revenue(services, members[0], "9800")  # completion 0.98: 29.40 instead of 30.60
    before = await stream(services, closed["id"], filed["version"])
    url = f"/appraisals/{closed['id']}/objections/{filed['objections'][0]['objection_id']}/decision"
    await created(services.appraisal.post(url, json=decision("upheld")))
    again = (await services.appraisal.get(f"/appraisals/{closed['id']}")).json()
    m01 = member_of(again, "M01")
    assert m01["total"] == "97.40" and m01["inputs"]["actuals"]["revenue"]["value"] == "9800"
    assert member_of(again, "M02")["total"] == member_of(closed, "M02")["total"]
    assert again["objections"][0]["outcome"] == "upheld"
    after = await stream(services, closed["id"], again["version"])
    assert after[: len(before)] == before  # nothing overwritten: the first scores stay in the Closed event
    assert [e["type"] for e in after[len(before):]] == ["AnnualAppraisal.ObjectionDecided"]
    assert member_of((await finalise(services, closed["id"])), "M01")["total"] == "97.40"


async def test_a_rejected_objection_changes_nothing(services) -> None:
    members, closed = await closed_group(services)
    confirmed = await confirm(services, closed["id"])
    filed = await objection(services, closed, members[0])
    await correct_revenue(services, members[0], "9800")
    url = f"/appraisals/{closed['id']}/objections/{filed['objections'][0]['objection_id']}/decision"
    without_reason = services.appraisal.post(url, json=decision("rejected", reason=""))
    await refused(services, without_reason, 422, "reason", "reason_required")
    decided = await created(services.appraisal.post(url, json=decision("rejected", reason="口径符合考核办法")))
    assert decided["members"] == confirmed["members"]
    assert (decided["objections"][0]["outcome"], decided["objections"][0]["decision_reason"]) == ("rejected", "口径符合考核办法")
    assert member_of(await finalise(services, closed["id"]), "M01")["total"] == "98.60"


async def test_finalisation_waits_for_every_objection_to_be_decided(services) -> None:
    members, closed = await closed_group(services)
    await confirm(services, closed["id"])
    filed = await objection(services, closed, members[1])
    request = services.appraisal.post(f"/appraisals/{closed['id']}/finalisation", json={"on": "2023-03-01"})
    problem = await refused(services, request, 422, "on", "objections_decided")
    assert filed["objections"][0]["objection_id"] in problem["detail"]
    url = f"/appraisals/{closed['id']}/objections/{filed['objections'][0]['objection_id']}/decision"
    await created(services.appraisal.post(url, json=decision("rejected")))
    assert (await finalise(services, closed["id"]))["status"] == "final"


async def test_the_committee_confirms_on_or_after_the_day_the_appraisal_closed(services) -> None:
    _, closed = await closed_group(services)  # closed on 2023-01-20
    request = services.appraisal.post(f"/appraisals/{closed['id']}/confirmation", json={"decided_on": "2023-01-10"})
    await refused(services, request, 422, "decided_on", "date_order")


async def test_an_objection_is_decided_on_or_after_the_day_it_was_filed(services) -> None:
    members, closed = await closed_group(services)
    await confirm(services, closed["id"])
    filed = await objection(services, closed, members[0], filed_on="2023-02-01")
    url = f"/appraisals/{closed['id']}/objections/{filed['objections'][0]['objection_id']}/decision"
    await refused(services, services.appraisal.post(url, json=decision("rejected", decided_on="2023-01-28")),
                  422, "decided_on", "date_order")
