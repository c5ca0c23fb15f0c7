"""Signing authority (DOMAIN.md Lifecycle 2, 002 §四(一)4), through the HTTP API.

The board authorises the chairman to sign with the general manager, and may authorise the general manager
to sign with the other managers; with no board, the controlling shareholder decides. The manager signs in person.
"""

from __future__ import annotations

import httpx

from tests.auth import person
from tests.contract.api.helpers import created, enterprise, manager, policy
from tests.contract.api.tenure_helpers import (
    BOARD_GRANTS,
    CHAIRMAN,
    GENERAL_MANAGER,
    IN_PERSON,
    draft,
    governed_enterprise,
    refused,
    sign,
    signature,
    signing,
    step,
)

CHAIRMAN_ONLY = BOARD_GRANTS[:2]  # the chairman for both scopes, the general manager for none
REVIEW = {"reviewer": "党委会", "reference": "纪要〔2022〕3号", "reviewed_on": "2022-02-10"}
APPROVAL = {"decision_ref": "董决〔2022〕5号", "approved_on": "2022-02-15"}


async def approved(api: httpx.AsyncClient, e1: dict, position: str = "middle_manager", level: str = "middle") -> dict:
    """A reviewed and approved agreement of a manager of `e1`, waiting for signatures."""
    await policy(api, e1["category"])
    tenure = await draft(api, (await manager(api, e1["id"], position=position, level=level))["id"])
    await step(api, tenure["id"], "review", REVIEW)
    return await step(api, tenure["id"], "approval", APPROVAL)


def grant(role: str, person: str, scope: str, granted_by: str) -> dict[str, str]:
    return {"role": role, "person_name": person, "scope": scope, "granted_by": granted_by, "decision_ref": "决议1号"}


async def test_a_general_manager_without_board_authorisation_cannot_sign_for_other_managers(api) -> None:
    tenure = await approved(api, await governed_enterprise(api, grants=CHAIRMAN_ONLY))
    request = signing(api, tenure, signature(GENERAL_MANAGER))
    problem = await refused(api, request, 403, "signer_name", "signing_authority")
    assert "李总 (general_manager) holds no board authorisation" in problem["detail"]
    assert "to sign agreements of other managers" in problem["detail"]


async def test_a_general_manager_authorised_by_the_board_signs_for_other_managers(api) -> None:
    tenure = await approved(api, await governed_enterprise(api))
    signed = await sign(api, tenure, GENERAL_MANAGER)
    assert signed["agreement"]["signatures"][0]["signer_role"] == "general_manager"


async def test_only_the_chairman_signs_the_general_managers_agreement(api) -> None:
    tenure = await approved(api, await governed_enterprise(api), "general_manager", "leadership")
    request = signing(api, tenure, signature(GENERAL_MANAGER))
    problem = await refused(api, request, 403, "signer_name", "signing_authority")
    assert "the board may authorise only the chairman" in problem["detail"]
    assert (await sign(api, tenure, CHAIRMAN))["agreement"]["signatures"]


async def test_the_board_authorises_only_the_chairman_or_the_general_manager_to_sign(api) -> None:
    e1 = await enterprise(api)
    request = api.post(
        f"/enterprises/{e1['id']}/signing-authorisations",
        json=grant("deputy_general_manager", "孙副总", "other_managers", "board"),
    )
    await refused(api, request, 422, "role", "signing_authority")


async def test_without_a_board_the_controlling_shareholder_authorises_the_signer(api) -> None:
    e2 = await enterprise(api, "E2", has_board=False)
    url = f"/enterprises/{e2['id']}/signing-authorisations"
    by_a_board = api.post(url, json=grant("executive_director", "周董", "other_managers", "board"))
    await refused(api, by_a_board, 422, "granted_by", "signing_authority")
    tenure = await approved(api, e2)
    unauthorised = signing(api, tenure, signature(CHAIRMAN))
    problem = await refused(api, unauthorised, 403, "signer_name", "signing_authority")
    assert "王董 (chairman) holds no controlling shareholder authorisation" in problem["detail"]
    await created(api.post(url, json=grant("executive_director", "周董", "other_managers", "controlling_shareholder")))
    director = {"party": "enterprise", "signer_name": "周董", "signer_role": "executive_director"}
    # The executive director acts for a board the enterprise does not have: a board member's grant for E2.
    as_director = person("周董", "board_member@E2")
    signed = await step(api, tenure["id"], "signatures", signature(director), headers=as_director)
    assert signed["agreement"]["signatures"][0]["signer_name"] == "周董"


async def test_the_manager_side_is_signed_by_the_manager_in_person(api) -> None:
    tenure = await approved(api, await governed_enterprise(api))
    proxy = {**IN_PERSON, "signer_name": "赵磊的秘书"}  # signed in as themself, with the manager's own grant
    request = signing(api, tenure, signature(proxy))
    problem = await refused(api, request, 403, "signer_name", "manager_signs_in_person")
    assert "赵磊 in person" in problem["detail"]


async def test_each_of_the_two_parties_signs_an_agreement_once(api) -> None:
    tenure = await approved(api, await governed_enterprise(api))
    witness = {**signature(CHAIRMAN), "party": "witness"}
    await refused(api, api.post(f"/tenures/{tenure['id']}/signatures", json=witness), 422, "party", "literal_error")
    await sign(api, tenure, CHAIRMAN)
    again = signing(api, tenure, signature(GENERAL_MANAGER))
    await refused(api, again, 422, "party", "agreement_lifecycle")


async def test_an_agreement_is_not_signed_before_it_was_approved(api) -> None:
    tenure = await approved(api, await governed_enterprise(api))
    early = signing(api, tenure, signature(CHAIRMAN, "2022-02-14"))
    await refused(api, early, 422, "signed_on", "date_order")
