"""Observation periods (DOMAIN.md "Warnings and exit"; 004: "年度排名末10%进入观察期", "保留6-12个月观察期，观察期内
仍不达标则启动退出"): a yellow warning opens a period from the day the appraisal became final for the policy's
`observation_months` (6-12, default 6); the committee concludes it at or after its end, once, with a reason;
not met proposes an exit (basis observation), met closes it. The ten managers: observation_helpers.py."""

from __future__ import annotations

from tests.appraisal.api.helpers import refused
from tests.appraisal.api.observation_helpers import (
    COMMITTEE,
    FINAL_2022,
    appraisal_proposals,
    conclude,
    conclusion,
    contract_proposals,
    period,
    periods,
    ten_appraised,
    url_of,
)
from tests.appraisal.conftest import Services
from tests.contract.api.tenure_helpers import refused as contract_refused


async def test_a_yellow_warning_opens_an_observation_period_of_six_months_from_the_final_date(
        services: Services) -> None:
    members = await ten_appraised(services)
    m06 = members[5]
    [listed] = await periods(services, enterprise_id=m06["enterprise_id"])  # nobody but M06
    assert (listed["tenure_id"], listed["year"], listed["status"]) == (m06["tenure_id"], 2022, "open")
    # 2023-03-01 + 6 calendar months = 2023-09-01
    assert (listed["starts_on"], listed["ends_on"]) == (FINAL_2022, "2023-09-01")
    one = await period(services, listed)
    assert (one["months"], one["position"], one["group_size"], one["conclusion"]) == (6, 10, 10, None)
    assert one["reason"].startswith("position 10 of 10 in 2022: bottom 10 % of the annual ranking")
    part = (await services.appraisal.get(f"/record-parts/{m06['manager_id']}")).json()
    [recorded] = part["tenures"][0]["observation_periods"]
    assert (recorded["id"], recorded["ends_on"], recorded["status"]) == (listed["id"], "2023-09-01", "open")
    others = (await services.appraisal.get(f"/record-parts/{members[8]['manager_id']}")).json()  # M09, 91.33
    assert others["tenures"][0]["observation_periods"] == []


async def test_the_observation_period_runs_twelve_months_under_a_policy_of_twelve(services: Services) -> None:
    members = await ten_appraised(services, observation_months=12)
    [listed] = await periods(services, tenure_id=members[5]["tenure_id"])
    assert (listed["starts_on"], listed["ends_on"]) == (FINAL_2022, "2024-03-01")  # 2023-03-01 + 12 months


async def test_an_observation_period_is_concluded_at_or_after_its_end_once_and_with_a_reason(
        services: Services) -> None:
    members = await ten_appraised(services)
    [listed] = await periods(services, tenure_id=members[5]["tenure_id"])
    url = f"{url_of(listed)}/conclusion"
    early = services.appraisal.post(url, json=conclusion("met", "2023-08-31"))  # the day before 2023-09-01
    await refused(services, early, 422, "decided_on", "observation_not_ended")
    await refused(services, services.appraisal.post(url, json=conclusion("met", "2023-09-01", reason=" ")),
                  422, "reason", "reason_required")
    await refused(services, services.appraisal.post(url, json=conclusion("met", "2023-09-01", decision_makers=[])),
                  422, "decision_makers", "decision_makers_required")
    assert (await period(services, listed))["status"] == "open"

    met = await conclude(services, listed, conclusion("met", "2023-09-01"))
    assert met["status"] == "met"
    assert (met["conclusion"]["by"], met["conclusion"]["decision_makers"]) == ("committee", COMMITTEE)
    assert met["conclusion"]["exit_proposal_id"] is None
    again = services.appraisal.post(url, json=conclusion("not_met", "2023-09-02"))
    await refused(services, again, 409, "outcome", "observation_concluded")
    # met closes the period: no exit proposal of basis observation (M06's annual one, 69.10 < 70, stays alone)
    assert [p["basis"] for p in await appraisal_proposals(services, members[5])] == ["annual"]


async def test_an_observation_period_not_met_proposes_an_exit_that_reaches_the_contract_side(
        services: Services) -> None:
    members = await ten_appraised(services)
    m06 = members[5]
    [listed] = await periods(services, tenure_id=m06["tenure_id"])
    not_met = await conclude(services, listed, conclusion("not_met", "2023-09-15"))
    assert not_met["status"] == "not_met"
    proposal = next(p for p in await appraisal_proposals(services, m06) if p["basis"] == "observation")
    assert not_met["conclusion"]["exit_proposal_id"] == proposal["id"]
    assert (proposal["year"], proposal["proposed_on"], proposal["status"]) == (2022, "2023-09-15", "open")
    [trigger] = proposal["triggers"]
    assert (trigger["kind"], trigger["consequence"]) == ("observation_not_met", "exit_proposed")
    assert listed["id"] in trigger["reason"]  # the trigger names the period
    learned = await contract_proposals(services, m06, count=2)  # the annual one (69.10 < 70) and this one
    received = next(p for p in learned if p["basis"] == "observation")
    assert received["proposal_id"] == proposal["id"] and listed["id"] in received["triggers"][0]["reason"]


async def test_observation_periods_are_listed_by_status_and_due_date_and_unknown_filters_are_refused(
        services: Services) -> None:
    members = await ten_appraised(services)
    enterprise = members[0]["enterprise_id"]
    assert await periods(services, enterprise_id=enterprise, due_by="2023-08-31") == []  # ends 2023-09-01
    [due] = await periods(services, enterprise_id=enterprise, due_by="2023-09-01", status="open")
    assert await periods(services, status="met") == []
    await refused(services, services.appraisal.get("/observation-periods", params={"ends": "2023-09-01"}),
                  422, "ends", "known_filter")
    await conclude(services, due, conclusion("met", "2023-09-01"))
    assert [p["id"] for p in await periods(services, status="met")] == [due["id"]]


async def test_observation_months_outside_six_to_twelve_are_refused(services: Services) -> None:
    for months in (5, 13):
        body = {"name": "p", "category": "market", "parameters": {"observation_months": months},
                "effective_from": "2020-01-01"}
        problem = await contract_refused(services.contract, services.contract.post("/policies", json=body),
                                         422, "parameters.observation_months", "parameter_range")
        assert "at least 6 and at most 12" in problem["detail"]
    body = {"name": "p", "category": "market", "parameters": {}, "effective_from": "2020-01-01"}
    adopted = (await services.contract.post("/policies", json=body)).json()
    assert adopted["versions"][0]["parameters"]["observation_months"] == 6  # the default
