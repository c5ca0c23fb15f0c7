"""Tenures and their appointment agreements, through the HTTP API: term, probation, pay, lifecycle, queries."""

from __future__ import annotations

from tests.contract.api.helpers import assert_problem, manager, policy
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    IN_PERSON,
    active_tenure,
    agreement,
    draft,
    governed_enterprise,
    refused,
    signature,
    step,
)

REVIEW = {"reviewer": "党委会", "reference": "党委会纪要〔2022〕3号", "reviewed_on": "2022-02-10"}
APPROVAL = {"decision_ref": "董事会决议〔2022〕5号", "approved_on": "2022-02-15"}
NOBODY = "00000000-0000-0000-0000-000000000000"


async def a_manager(api, level: str = "middle", position: str = "middle_manager") -> dict:  # type: ignore[no-untyped-def]
    """A manager of E1, which has a board, authorised signers and the default policy."""
    e1 = await governed_enterprise(api)
    await policy(api)
    return await manager(api, e1["id"], position=position, level=level)


async def test_an_agreement_goes_from_draft_through_review_approval_and_signatures_to_active(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    assert tenure["status"] == "draft" and tenure["policy_version"] == 1
    statuses = [(await step(api, tenure["id"], action, body))["status"] for action, body in [
        ("review", REVIEW), ("approval", APPROVAL),
        ("signatures", signature(CHAIRMAN)), ("signatures", signature(IN_PERSON)), ("activation", {"on": "2022-03-01"}),
    ]]  # fmt: skip
    assert statuses == ["reviewed", "approved", "approved", "signed", "active"]
    read = (await api.get(f"/tenures/{tenure['id']}")).json()
    assert read["agreement"]["pre_review"]["reference"] == "党委会纪要〔2022〕3号"
    assert read["agreement"]["approval"]["decision_ref"] == "董事会决议〔2022〕5号"
    assert [s["party"] for s in read["agreement"]["signatures"]] == ["enterprise", "manager"]
    assert read["activated_on"] == "2022-03-01"


async def test_a_tenure_longer_than_three_years_is_refused(api) -> None:
    m01 = await a_manager(api)
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2027-02-28", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 422, "end", "tenure_length")


async def test_a_tenure_shorter_than_two_years_is_refused(api) -> None:
    m01 = await a_manager(api)
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2023-02-28", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 422, "end", "tenure_length")


async def test_a_professional_manager_serves_at_most_three_years(api) -> None:
    pm = await a_manager(api, "professional", "professional_manager")
    one_year = await draft(api, pm["id"], end="2023-02-28")
    assert one_year["end"] == "2023-02-28"
    body = {"manager_id": pm["id"], "start": "2022-03-01", "end": "2025-03-01", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 422, "end", "tenure_length")


async def test_a_professional_manager_may_have_a_probation(api) -> None:
    pm = await a_manager(api, "professional", "professional_manager")
    tenure = await draft(api, pm["id"], probation_months=3)
    assert (await api.get(f"/tenures/{tenure['id']}")).json()["probation_months"] == 3
    body = {"manager_id": pm["id"], "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement(),
            "probation_months": 7}
    await refused(api, api.post("/tenures", json=body), 422, "probation_months", "max_probation_months")


async def test_only_a_professional_manager_may_have_a_probation(api) -> None:
    m01 = await a_manager(api)
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement(),
            "probation_months": 3}
    await refused(api, api.post("/tenures", json=body), 422, "probation_months", "probation_professional_only")


async def test_pay_below_the_minimum_performance_share_is_refused(api) -> None:
    m01 = await a_manager(api)
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2024-12-31",
            "agreement": agreement(base="200000", performance="150000")}
    problem = await refused(api, api.post("/tenures", json=body), 422, "agreement.pay.performance", "min_performance_share")
    assert "0.50" in problem["detail"]


async def test_the_minimum_performance_share_is_half_for_middle_and_sixty_percent_for_leadership(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    middle = await manager(api, e1["id"], "M01")
    gm = await manager(api, e1["id"], "M02", position="general_manager", level="leadership")
    fifty_five = agreement(base="450000", performance="550000")
    assert (await draft(api, middle["id"], agreement=fifty_five))["agreement"]["pay"]["performance"] == "550000"
    body = {"manager_id": gm["id"], "start": "2022-03-01", "end": "2024-12-31", "agreement": fifty_five}
    await refused(api, api.post("/tenures", json=body), 422, "agreement.pay.performance", "min_performance_share")


async def test_an_agreement_is_approved_only_after_the_party_committee_review(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    await refused(api, api.post(f"/tenures/{tenure['id']}/approval", json=APPROVAL), 422, "status", "agreement_lifecycle")


async def test_an_agreement_is_signed_only_after_approval(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    await step(api, tenure["id"], "review", REVIEW)
    problem = await refused(
        api, api.post(f"/tenures/{tenure['id']}/signatures", json=signature(CHAIRMAN)), 422, "status", "agreement_lifecycle"
    )
    assert "approval" in problem["detail"]


async def test_a_tenure_is_activated_only_once_both_parties_have_signed(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    for action, body in [("review", REVIEW), ("approval", APPROVAL), ("signatures", signature(CHAIRMAN))]:
        await step(api, tenure["id"], action, body)
    activation = api.post(f"/tenures/{tenure['id']}/activation", json={"on": "2022-03-01"})
    await refused(api, activation, 422, "status", "agreement_lifecycle")


async def test_a_tenure_is_activated_on_a_day_of_its_term(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    for action, body in [("review", REVIEW), ("approval", APPROVAL),
                         ("signatures", signature(CHAIRMAN)), ("signatures", signature(IN_PERSON))]:
        await step(api, tenure["id"], action, body)
    activation = api.post(f"/tenures/{tenure['id']}/activation", json={"on": "2025-01-01"})
    await refused(api, activation, 422, "on", "activation_within_term")


async def test_a_tenure_for_an_unknown_manager_is_refused(api) -> None:
    await a_manager(api)
    body = {"manager_id": NOBODY, "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=body), 404, "manager_id", "exists")


async def test_malformed_json_opening_a_tenure_is_refused_and_writes_nothing(api) -> None:
    await a_manager(api)
    request = api.post("/tenures", content=b'{"manager_id": "x", "start":', headers={"content-type": "application/json"})
    await refused(api, request, 422, "body", "json_invalid")


async def test_wrong_types_opening_a_tenure_are_refused_naming_the_field(api) -> None:
    m01 = await a_manager(api)
    body = {"manager_id": m01["id"], "start": "2022-03-01", "end": "2024-12-31",
            "agreement": agreement(base="lots", performance="300000")}
    await refused(api, api.post("/tenures", json=body), 422, "agreement.pay.base", "decimal_parsing")
    bad_date = {**body, "agreement": agreement(), "start": "next spring"}
    await refused(api, api.post("/tenures", json=bad_date), 422, "start", "date_from_datetime_parsing")


async def test_a_managers_tenures_are_listed_with_filters_and_pages(api) -> None:
    first = await active_tenure(api)
    renewal = (await api.post(f"{first.url}/renewal", json={
        "start": "2025-01-01", "end": "2027-12-31", "agreement": agreement()})).json()  # fmt: skip
    other = await manager(api, first.enterprise["id"], "M02")
    await draft(api, other["id"])
    mine = (await api.get("/tenures", params={"manager_id": first.manager["id"]})).json()
    assert [t["id"] for t in mine["items"]] == [first.tenure["id"], renewal["id"]] and mine["total"] == 2
    page = (await api.get("/tenures", params={"manager_id": first.manager["id"], "page_size": 1, "page": 2})).json()
    assert [t["id"] for t in page["items"]] == [renewal["id"]] and page["total"] == 2
    active = (await api.get("/tenures", params={"status": "active"})).json()
    assert [t["id"] for t in active["items"]] == [first.tenure["id"]]
    assert active["items"][0]["signed_on"] == "2022-02-20"


async def test_an_unknown_tenure_is_not_found(api) -> None:
    assert_problem(await api.get(f"/tenures/{NOBODY}"), 404)


async def test_an_active_tenure_reads_back_as_it_was_brought_into_force(api) -> None:
    contract = await active_tenure(api)
    read = (await api.get(contract.url)).json()
    assert read == contract.tenure
    assert read["status"] == "active" and read["term_number"] == 1 and read["previous_tenure_id"] is None

