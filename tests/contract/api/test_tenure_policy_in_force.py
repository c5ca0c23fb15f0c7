"""Which policy a tenure works under (DOMAIN.md Lifecycle 1: every decision records the policy version it used)."""

from __future__ import annotations


from tests.contract.api.helpers import created, manager, policy
from tests.contract.api.tenure_helpers import agreement, annual_letter, draft, governed_enterprise, refused


async def test_a_tenure_and_its_letters_record_the_policy_version_in_force_when_they_were_decided(api) -> None:
    e1 = await governed_enterprise(api)
    market = await policy(api)
    m01 = await manager(api, e1["id"])
    revision = {"parameters": {"min_quantitative_weight": 80}, "effective_from": "2023-01-01", "reason": "提高比重"}
    await created(api.post(f"/policies/{market['id']}/versions", json=revision))
    tenure = await draft(api, m01["id"])
    assert (tenure["policy_id"], tenure["policy_version"]) == (market["id"], 1)
    url = f"/tenures/{tenure['id']}/letters"
    first = await created(api.post(url, json=annual_letter(2022)))
    assert first["letters"][0]["versions"][0]["policy_version"] == 1
    # Under version 2 the golden sheet's 80 quantitative points are the minimum, so 75 are too few.
    kpis = annual_letter(2023)["kpis"]
    kpis[2]["weight"], kpis[3]["weight"] = "15", "25"
    late = annual_letter(2023, kpis=kpis, issued_on="2023-01-10")
    await refused(api, api.post(url, json=late), 422, "kpis", "min_quantitative_weight")
    second = await created(api.post(url, json=annual_letter(2023, issued_on="2023-01-10")))
    assert [letter["versions"][0]["policy_version"] for letter in second["letters"]] == [1, 2]


async def test_a_tenure_under_no_policy_is_refused(api) -> None:
    e1 = await governed_enterprise(api)
    m01 = await manager(api, e1["id"])
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 422, "start", "policy_in_force")


async def test_a_tenure_starting_before_its_policy_takes_effect_is_refused_naming_its_start(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)  # effective from 2020-01-01
    m01 = await manager(api, e1["id"])
    body = {"manager_id": m01["id"], "start": "2019-03-01", "end": "2021-12-31", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 422, "start", "policy_in_force")


async def test_an_enterprise_policy_not_yet_in_force_leaves_its_category_policy_applying(api) -> None:
    e1 = await governed_enterprise(api)
    market = await policy(api)
    own = {"name": "E1 own", "enterprise_id": e1["id"], "parameters": {}, "effective_from": "2023-01-01"}
    await created(api.post("/policies", json=own))
    tenure = await draft(api, (await manager(api, e1["id"]))["id"])
    assert (tenure["policy_id"], tenure["policy_version"]) == (market["id"], 1)
