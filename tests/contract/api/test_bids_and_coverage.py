"""Target bids (摘标) and signing coverage (DOMAIN.md "What supervisors measure"), through the HTTP API."""

from __future__ import annotations

import httpx

from tests.auth import person
from tests.contract.api.helpers import assert_problem, created, enterprise, manager, policy
from tests.contract.api.tenure_helpers import (
    active_tenure,
    agreement,
    bring_into_force,
    draft,
    golden_kpis,
    governed_enterprise,
    pick,
    refused,
)

NOBODY = "00000000-0000-0000-0000-000000000000"
RENEWAL = {"start": "2025-01-01", "end": "2027-12-31", "agreement": agreement()}
TERMINATION = {
    "reason": "年度考核不合格",
    "mode": "rigid_exit",
    "decision_makers": ["董事会"],
    "decided_on": "2023-03-10",
    "effective_on": "2023-03-31",
    "decision_ref": "董决〔2023〕2号",
}


def bid(enterprise_id: str, **changes: object) -> dict:
    return {
        "enterprise_id": enterprise_id,
        "position": "middle_manager",
        "level": "middle",
        "kpis": golden_kpis(2022),
        "pay": {"base": "200000", "performance": "300000"},
        "published_on": "2022-01-10",
        **changes,
    }


def in_person(registered: dict, enterprise_code: str = "E1") -> dict[str, str]:
    """The headers of a registered manager signed in as themself: their own manager grant and code."""
    return person(registered["name"], f"manager@{enterprise_code}", subject=f"manager-{registered['code']}",
                  manager_code=registered["code"])


async def published(api: httpx.AsyncClient) -> tuple[dict, dict]:
    """A bid of E1 for a middle manager's post, and E1."""
    e1 = await enterprise(api)
    await policy(api)
    return await created(api.post("/bids", json=bid(e1["id"]))), e1


async def test_a_bid_accepted_closes_and_declines_are_recorded(api) -> None:
    offer, e1 = await published(api)
    m01, m02, m03 = [await manager(api, e1["id"], code) for code in ("M01", "M02", "M03")]
    url = f"/bids/{offer['id']}"
    decline = {"manager_id": m01["id"], "reason": "目标过高，无法承诺", "declined_on": "2022-01-15"}
    assert (await created(api.post(f"{url}/declines", json=decline, headers=in_person(m01))))["status"] == "open"
    confirmation = {"manager_id": m02["id"], "confirmation_ref": "摘标确认书〔2022〕1号", "signed_on": "2022-01-20"}
    accepted = await created(api.post(f"{url}/acceptance", json=confirmation, headers=in_person(m02)))
    assert pick(accepted, "status", "accepted_by", "accepted_on") == ("accepted", m02["id"], "2022-01-20")
    assert accepted["confirmation_ref"] == "摘标确认书〔2022〕1号" and accepted["declines"] == [decline]
    late = {"manager_id": m03["id"], "reason": "不再参与", "declined_on": "2022-01-25"}
    await refused(api, api.post(f"{url}/declines", json=late, headers=in_person(m03)), 422, "status", "bid_closed")
    assert (await api.get(url)).json() == accepted


async def test_a_bid_publishes_targets_and_pay_within_the_policy(api) -> None:
    e1 = await enterprise(api)
    await policy(api)
    offer = await created(api.post("/bids", json=bid(e1["id"])))
    assert [k["target"] for k in offer["kpis"]] == ["10000", "1200", "35.0", None] and offer["policy_version"] == 1
    heavy = golden_kpis(2022)
    heavy[0]["weight"] = "40"
    await refused(api, api.post("/bids", json=bid(e1["id"], kpis=heavy)), 422, "kpis", "weights_sum_to_100")
    low_pay = bid(e1["id"], pay={"base": "300000", "performance": "200000"})
    await refused(api, api.post("/bids", json=low_pay), 422, "pay.performance", "min_performance_share")


async def test_a_bid_is_published_for_a_known_enterprise_under_its_policy(api) -> None:
    await refused(api, api.post("/bids", json=bid(NOBODY)), 404, "enterprise_id", "exists")
    e1 = await enterprise(api)
    await refused(api, api.post("/bids", json=bid(e1["id"])), 422, "published_on", "policy_in_force")


async def test_a_bid_is_taken_or_declined_only_by_a_manager_of_its_enterprise(api) -> None:
    offer, _ = await published(api)
    outsider = await manager(api, (await enterprise(api, "E2"))["id"], "M09")
    confirmation = {"manager_id": outsider["id"], "confirmation_ref": "确认书〔2022〕9号", "signed_on": "2022-01-20"}
    url = f"/bids/{offer['id']}/acceptance"
    # To a manager of E2, a bid of E1 is not there at all.
    await refused(api, api.post(url, json=confirmation, headers=in_person(outsider, "E2")), 404, "id", "exists")
    # Even a grant that reaches every enterprise does not make an outsider a bidder of E1.
    everywhere = person(outsider["name"], "manager@*", manager_code=outsider["code"])
    request = api.post(url, json=confirmation, headers=everywhere)
    await refused(api, request, 422, "manager_id", "bidder_of_the_enterprise")


async def test_taking_a_bid_needs_a_signed_confirmation_and_declining_a_reason(api) -> None:
    offer, e1 = await published(api)
    m01 = await manager(api, e1["id"])
    unsigned = {"manager_id": m01["id"], "confirmation_ref": " ", "signed_on": "2022-01-20"}
    request = api.post(f"/bids/{offer['id']}/acceptance", json=unsigned, headers=in_person(m01))
    await refused(api, request, 422, "confirmation_ref", "required")
    silent = {"manager_id": m01["id"], "reason": "", "declined_on": "2022-01-15"}
    declining = api.post(f"/bids/{offer['id']}/declines", json=silent, headers=in_person(m01))
    await refused(api, declining, 422, "reason", "reason_required")


async def test_a_bid_is_not_taken_before_it_was_published(api) -> None:
    offer, e1 = await published(api)
    m01 = await manager(api, e1["id"])
    backdated = {"manager_id": m01["id"], "confirmation_ref": "摘标确认书〔2022〕1号", "signed_on": "2021-12-31"}
    request = api.post(f"/bids/{offer['id']}/acceptance", json=backdated, headers=in_person(m01))
    await refused(api, request, 422, "signed_on", "date_order")


async def test_signing_coverage_counts_enterprises_and_managers(api) -> None:
    first = await active_tenure(api)
    await draft(api, (await manager(api, first.enterprise["id"], "M02"))["id"])
    await active_tenure(api, await governed_enterprise(api, "E2"), "M03")
    coverage = (await api.get("/coverage/signing", params={"on": "2022-06-30"})).json()
    assert coverage == {
        "on": "2022-06-30",
        "enterprises": 2,
        "enterprises_covered": 1,
        "enterprise_rate": "0.5000",
        "managers": 3,
        "managers_covered": 2,
        "manager_rate": "0.6667",
        "enterprises_not_covered": ["E1"],
        "managers_not_covered": ["M02"],
    }
    before_signing = (await api.get("/coverage/signing", params={"on": "2022-02-19"})).json()
    assert (before_signing["managers_covered"], before_signing["enterprises_covered"]) == (0, 0)


async def test_signing_coverage_is_measured_within_a_category(api) -> None:
    await active_tenure(api)
    growth = await enterprise(api, "E2", category="growth")
    await manager(api, growth["id"], "M02")
    coverage = (await api.get("/coverage/signing", params={"on": "2022-06-30", "category": "market"})).json()
    assert pick(coverage, "enterprises", "enterprise_rate", "manager_rate") == (1, "1.0000", "1.0000")
    assert_problem(await api.get("/coverage/signing"), 422, "on", "missing")


async def test_a_terminated_tenure_covers_its_manager_until_it_ends(api) -> None:
    contract = await active_tenure(api)
    await created(api.post(f"{contract.url}/termination", json=TERMINATION))
    on_the_last_day = (await api.get("/coverage/signing", params={"on": "2023-03-31"})).json()
    after = (await api.get("/coverage/signing", params={"on": "2023-04-01"})).json()
    assert (on_the_last_day["managers_covered"], after["managers_covered"]) == (1, 0)


async def test_a_tenure_past_its_end_no_longer_covers_its_manager_even_before_it_is_closed(api) -> None:
    contract = await active_tenure(api)
    await created(api.post(f"{contract.url}/renewal", json=RENEWAL))  # drafted: M01 stays in post, unsigned
    coverage = (await api.get("/coverage/signing", params={"on": "2025-06-30"})).json()
    assert (coverage["managers_covered"], coverage["managers_not_covered"]) == (0, ["M01"])


async def test_a_renewed_manager_stays_covered_across_the_change_of_term(api) -> None:
    contract = await active_tenure(api)
    renewal = await created(api.post(f"{contract.url}/renewal", json=RENEWAL))
    await bring_into_force(api, renewal, on="2024-12-20")
    await api.post("/tenures/close-expired", json={"as_of": "2025-01-01"})
    coverage = (await api.get("/coverage/signing", params={"on": "2025-01-01"})).json()
    assert coverage["managers_covered"] == 1
