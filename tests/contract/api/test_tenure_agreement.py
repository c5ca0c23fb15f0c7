"""Tenures and their appointment agreements, through the HTTP API: term, probation, pay, lifecycle, bad input."""

from __future__ import annotations

import httpx

from tests.contract.api.helpers import manager, policy
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    IN_PERSON,
    agreement,
    draft,
    governed_enterprise,
    refused,
    sign,
    signature,
    signing,
    step,
)

REVIEW = {"reviewer": "党委会", "reference": "党委会纪要〔2022〕3号", "reviewed_on": "2022-02-10"}
APPROVAL = {"decision_ref": "董事会决议〔2022〕5号", "approved_on": "2022-02-15"}
NOBODY = "00000000-0000-0000-0000-000000000000"


def opening(manager_id: str, **changes: object) -> dict:
    """The body of POST /tenures: the golden tenure 2022-03-01 to 2024-12-31, with `changes`."""
    return {"manager_id": manager_id, "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement(), **changes}


async def a_manager(api: httpx.AsyncClient, level: str = "middle", position: str = "middle_manager") -> dict:
    """A manager of E1, which has a board, authorised signers and the default policy."""
    e1 = await governed_enterprise(api)
    await policy(api)
    return await manager(api, e1["id"], position=position, level=level)


async def test_an_agreement_goes_from_draft_through_review_approval_and_signatures_to_active(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    assert tenure["status"] == "draft" and tenure["policy_version"] == 1
    statuses = [
        (await step(api, tenure["id"], "review", REVIEW))["status"],
        (await step(api, tenure["id"], "approval", APPROVAL))["status"],
        (await sign(api, tenure, CHAIRMAN))["status"],
        (await sign(api, tenure, IN_PERSON))["status"],
        (await step(api, tenure["id"], "activation", {"on": "2022-03-01"}))["status"],
    ]
    assert statuses == ["reviewed", "approved", "approved", "signed", "active"]
    read = (await api.get(f"/tenures/{tenure['id']}")).json()
    assert read["agreement"]["pre_review"]["reference"] == "党委会纪要〔2022〕3号"
    assert read["agreement"]["approval"]["decision_ref"] == "董事会决议〔2022〕5号"
    assert [s["party"] for s in read["agreement"]["signatures"]] == ["enterprise", "manager"]
    assert read["activated_on"] == "2022-03-01"


async def test_a_tenure_longer_than_three_years_is_refused(api) -> None:
    m01 = await a_manager(api)
    five_years = opening(m01["id"], end="2027-02-28")
    await refused(api, api.post("/tenures", json=five_years), 422, "end", "tenure_length")


async def test_a_tenure_shorter_than_two_years_is_refused(api) -> None:
    m01 = await a_manager(api)
    one_year = opening(m01["id"], end="2023-02-28")
    await refused(api, api.post("/tenures", json=one_year), 422, "end", "tenure_length")


async def test_a_professional_manager_serves_at_most_three_years(api) -> None:
    pm = await a_manager(api, "professional", "professional_manager")
    one_year = await draft(api, pm["id"], end="2023-02-28")
    assert one_year["end"] == "2023-02-28"
    another = await manager(api, one_year["enterprise_id"], "P02", position="professional_manager", level="professional")
    three_years_and_a_day = opening(another["id"], end="2025-03-01")
    await refused(api, api.post("/tenures", json=three_years_and_a_day), 422, "end", "tenure_length")


async def test_a_professional_manager_may_have_a_probation(api) -> None:
    pm = await a_manager(api, "professional", "professional_manager")
    tenure = await draft(api, pm["id"], probation_months=3)
    assert (await api.get(f"/tenures/{tenure['id']}")).json()["probation_months"] == 3
    seven_months = opening(pm["id"], probation_months=7)
    await refused(api, api.post("/tenures", json=seven_months), 422, "probation_months", "max_probation_months")
    middle = await manager(api, tenure["enterprise_id"], "M02")
    body = opening(middle["id"], probation_months=3)
    await refused(api, api.post("/tenures", json=body), 422, "probation_months", "probation_professional_only")


async def test_pay_below_the_minimum_performance_share_is_refused(api) -> None:
    m01 = await a_manager(api)
    body = opening(m01["id"], agreement=agreement(base="200000", performance="150000"))
    request = api.post("/tenures", json=body)
    problem = await refused(api, request, 422, "agreement.pay.performance", "min_performance_share")
    assert "0.4286" in problem["detail"] and "0.50" in problem["detail"]


async def test_the_minimum_performance_share_is_half_for_middle_and_sixty_percent_for_leadership(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    middle = await manager(api, e1["id"], "M01")
    gm = await manager(api, e1["id"], "M02", position="general_manager", level="leadership")
    fifty_five = agreement(base="450000", performance="550000")
    assert (await draft(api, middle["id"], agreement=fifty_five))["agreement"]["pay"]["performance"] == "550000"
    body = opening(gm["id"], agreement=fifty_five)
    await refused(api, api.post("/tenures", json=body), 422, "agreement.pay.performance", "min_performance_share")


async def test_an_agreement_is_approved_only_after_the_party_committee_review(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    approval = api.post(f"/tenures/{tenure['id']}/approval", json=APPROVAL)
    await refused(api, approval, 422, "status", "agreement_lifecycle")


async def test_an_agreement_is_signed_only_after_approval(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    await step(api, tenure["id"], "review", REVIEW)
    request = signing(api, tenure, signature(CHAIRMAN))
    problem = await refused(api, request, 422, "status", "agreement_lifecycle")
    assert "approval" in problem["detail"]


async def test_a_tenure_is_activated_only_once_both_parties_have_signed(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    for action, body in [("review", REVIEW), ("approval", APPROVAL)]:
        await step(api, tenure["id"], action, body)
    await sign(api, tenure, CHAIRMAN)
    activation = api.post(f"/tenures/{tenure['id']}/activation", json={"on": "2022-03-01"})
    await refused(api, activation, 422, "status", "agreement_lifecycle")


async def test_a_tenure_is_activated_on_a_day_of_its_term(api) -> None:
    tenure = await draft(api, (await a_manager(api))["id"])
    for action, body in [("review", REVIEW), ("approval", APPROVAL)]:
        await step(api, tenure["id"], action, body)
    for signer in (CHAIRMAN, IN_PERSON):
        await sign(api, tenure, signer)
    activation = api.post(f"/tenures/{tenure['id']}/activation", json={"on": "2025-01-01"})
    await refused(api, activation, 422, "on", "activation_within_term")


async def test_a_tenure_for_an_unknown_manager_is_refused(api) -> None:
    await a_manager(api)
    await refused(api, api.post("/tenures", json=opening(NOBODY)), 404, "manager_id", "exists")


async def test_malformed_json_opening_a_tenure_is_refused_and_writes_nothing(api) -> None:
    await a_manager(api)
    cut_short = b'{"manager_id": "x", "start":'
    request = api.post("/tenures", content=cut_short, headers={"content-type": "application/json"})
    await refused(api, request, 422, "body", "json_invalid")


async def test_wrong_types_opening_a_tenure_are_refused_naming_the_field(api) -> None:
    m01 = await a_manager(api)
    body = opening(m01["id"], agreement=agreement(base="lots"))
    await refused(api, api.post("/tenures", json=body), 422, "agreement.pay.base", "decimal_parsing")
    bad_date = opening(m01["id"], start="next spring")
    await refused(api, api.post("/tenures", json=bad_date), 422, "start", "date_from_datetime_parsing")
