"""Reading tenures back (GET /tenures, GET /tenures/{id}): a manager's tenures, filters, pages."""

from __future__ import annotations

from tests.contract.api.helpers import assert_problem, created, manager
from tests.contract.api.tenure_helpers import active_tenure, agreement, draft, governed_enterprise

NOBODY = "00000000-0000-0000-0000-000000000000"
RENEWAL = {"start": "2025-01-01", "end": "2027-12-31", "agreement": agreement()}


async def test_a_managers_tenures_are_listed_in_order_and_by_page(api) -> None:
    first = await active_tenure(api)
    renewal = await created(api.post(f"{first.url}/renewal", json=RENEWAL))
    await draft(api, (await manager(api, first.enterprise["id"], "M02"))["id"])
    mine = (await api.get("/tenures", params={"manager_id": first.manager["id"]})).json()
    assert [t["id"] for t in mine["items"]] == [first.tenure["id"], renewal["id"]] and mine["total"] == 2
    assert [t["term_number"] for t in mine["items"]] == [1, 2]
    assert mine["items"][1]["previous_tenure_id"] == first.tenure["id"]
    second_page = {"manager_id": first.manager["id"], "page_size": 1, "page": 2}
    page = (await api.get("/tenures", params=second_page)).json()
    assert [t["id"] for t in page["items"]] == [renewal["id"]] and (page["total"], page["page"]) == (2, 2)


async def test_tenures_are_listed_by_status_and_by_enterprise(api) -> None:
    first = await active_tenure(api)
    await draft(api, (await manager(api, first.enterprise["id"], "M02"))["id"])
    other = await active_tenure(api, await governed_enterprise(api, "E2"), "M03")
    active = (await api.get("/tenures", params={"status": "active", "enterprise_id": first.enterprise["id"]})).json()
    assert [t["id"] for t in active["items"]] == [first.tenure["id"]]
    assert (active["items"][0]["signed_on"], active["items"][0]["ended_on"]) == ("2022-02-20", None)
    everywhere = (await api.get("/tenures", params={"status": "active"})).json()
    assert {t["id"] for t in everywhere["items"]} == {first.tenure["id"], other.tenure["id"]}


async def test_a_tenure_reads_back_as_it_was_brought_into_force(api) -> None:
    contract = await active_tenure(api)
    response = await api.get(contract.url)
    assert response.json() == contract.tenure and response.headers["etag"] == f'"{contract.tenure["version"]}"'
    assert (contract.tenure["status"], contract.tenure["term_number"]) == ("active", 1)


async def test_an_unknown_tenure_or_a_filter_of_the_wrong_type_is_a_problem(api) -> None:
    assert_problem(await api.get(f"/tenures/{NOBODY}"), 404, "id", "exists")
    assert_problem(await api.get("/tenures", params={"manager_id": "M01"}), 422, "manager_id", "uuid_parsing")
    assert_problem(await api.get("/tenures", params={"page": 0}), 422, "page", "greater_than_equal")
