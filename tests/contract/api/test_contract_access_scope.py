"""Who may see and do what in the contract service (issue 9): a role counts only in its enterprise, a manager
only for their own record, a signature is given by the signer in person, and the actor is the token's."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.auth import person
from tests.contract.api.helpers import (
    assert_nothing_written_since,
    assert_problem,
    created,
    events_when,
    manager,
    policy,
)
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    IN_PERSON,
    Contract,
    active_tenure,
    agreement,
    draft,
    golden_kpis,
    governed_enterprise,
    refused,
    sign,
    signature,
    step,
)

HR_OF_E2 = person("周人事", "enterprise_hr@E2", subject="hr.zhou")
AUDITOR = person("审计员", "auditor@*", subject="audit.sun")
REVIEW = {"reviewer": "党委会", "reference": "纪要〔2022〕3号", "reviewed_on": "2022-02-10"}
APPROVAL = {"decision_ref": "董决〔2022〕5号", "approved_on": "2022-02-15"}


def in_person(contract: Contract) -> dict[str, str]:
    """The headers of the contract's manager signed in as themself."""
    registered, code = contract.manager, contract.enterprise["code"]
    return person(registered["name"], f"manager@{code}", subject=f"manager-{registered['code']}",
                  manager_code=registered["code"])


async def two_enterprises(api: httpx.AsyncClient) -> tuple[Contract, Contract]:
    """A tenure in force at E1 (M01) and one at E2 (M03), both under the market policy."""
    first = await active_tenure(api)
    return first, await active_tenure(api, await governed_enterprise(api, "E2"), "M03")


def bid(enterprise_id: str) -> dict:
    return {"enterprise_id": enterprise_id, "position": "middle_manager", "level": "middle",
            "kpis": golden_kpis(2022), "pay": {"base": "200000", "performance": "300000"}, "published_on": "2022-01-10"}


async def approved(api: httpx.AsyncClient, enterprise: dict, code: str = "M01") -> dict:
    """A reviewed and approved agreement of a new manager of `enterprise`, waiting for signatures."""
    tenure = await draft(api, (await manager(api, enterprise["id"], code))["id"])
    await step(api, tenure["id"], "review", REVIEW)
    return await step(api, tenure["id"], "approval", APPROVAL)


async def test_an_enterprise_hr_officer_does_not_see_another_enterprises_tenure_or_manager(api) -> None:
    e1, e2 = await two_enterprises(api)
    assert_problem(await api.get(e1.url, headers=HR_OF_E2), 404, "id", "exists")
    assert_problem(await api.get(f"/managers/{e1.manager['id']}", headers=HR_OF_E2), 404, "id", "exists")
    assert (await api.get(e2.url, headers=HR_OF_E2)).json()["id"] == e2.tenure["id"]


async def test_an_enterprise_hr_officer_lists_only_the_rows_of_their_enterprises(api) -> None:
    e1, e2 = await two_enterprises(api)
    lists = {path: (await api.get(path, headers=HR_OF_E2)).json() for path in ("/enterprises", "/managers", "/tenures")}
    assert [e["code"] for e in lists["/enterprises"]["items"]] == ["E2"]
    assert [m["code"] for m in lists["/managers"]["items"]] == ["M03"]
    assert [t["id"] for t in lists["/tenures"]["items"]] == [e2.tenure["id"]] and lists["/tenures"]["total"] == 1
    filtered = await api.get("/tenures", params={"enterprise_id": e1.enterprise["id"]}, headers=HR_OF_E2)
    assert filtered.json()["items"] == []
    coverage = (await api.get("/coverage/signing", params={"on": "2022-06-30"}, headers=HR_OF_E2)).json()
    assert (coverage["enterprises"], coverage["managers"], coverage["managers_not_covered"]) == (1, 1, [])


async def test_an_enterprise_hr_officer_cannot_act_on_another_enterprise_through_the_body(api) -> None:
    e1, _ = await two_enterprises(api)
    newcomer = {"code": "M09", "name": "吴新", "level": "middle", "position": "middle_manager",
                "enterprise_id": e1.enterprise["id"]}
    await refused(api, api.post("/managers", json=newcomer, headers=HR_OF_E2), 404, "enterprise_id", "exists")
    colleague = await manager(api, e1.enterprise["id"], "M02")
    opening = {"manager_id": colleague["id"], "start": "2022-03-01", "end": "2024-12-31", "agreement": agreement()}
    await refused(api, api.post("/tenures", json=opening, headers=HR_OF_E2), 404, "manager_id", "exists")
    closing = {"as_of": "2025-01-01", "enterprise_id": e1.enterprise["id"]}
    await refused(api, api.post("/tenures/close-expired", json=closing, headers=HR_OF_E2), 404, "enterprise_id",
                  "exists")


async def test_closing_expired_tenures_without_an_enterprise_closes_only_those_of_the_callers_enterprises(api) -> None:
    e1, e2 = await two_enterprises(api)
    closed = await api.post("/tenures/close-expired", json={"as_of": "2025-01-01"}, headers=HR_OF_E2)
    assert [t["id"] for t in closed.json()] == [e2.tenure["id"]]
    assert (await api.get(e1.url)).json()["status"] == "active"


async def test_a_bid_of_another_enterprise_is_not_found(api) -> None:
    e1, _ = await two_enterprises(api)
    await refused(api, api.post("/bids", json=bid(e1.enterprise["id"]), headers=HR_OF_E2), 404, "enterprise_id",
                  "exists")
    offer = await created(api.post("/bids", json=bid(e1.enterprise["id"])))
    assert_problem(await api.get(f"/bids/{offer['id']}", headers=HR_OF_E2), 404, "id", "exists")


async def test_a_manager_reads_their_own_tenure_and_not_a_colleagues(api) -> None:
    mine = await active_tenure(api)
    colleague = await active_tenure(api, mine.enterprise, "M02")
    me = in_person(mine)
    assert (await api.get(mine.url, headers=me)).json()["id"] == mine.tenure["id"]
    assert_problem(await api.get(colleague.url, headers=me), 404, "id", "exists")
    assert_problem(await api.get(f"/managers/{colleague.manager['id']}", headers=me), 404, "id", "exists")
    listed = (await api.get("/tenures", headers=me)).json()
    assert [t["id"] for t in listed["items"]] == [mine.tenure["id"]]
    assert [m["code"] for m in (await api.get("/managers", headers=me)).json()["items"]] == ["M01"]


async def test_a_chairman_who_signs_under_another_persons_name_is_refused_and_nothing_is_written(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    tenure = await approved(api, e1)
    as_another = {**signature(CHAIRMAN), "signer_name": "李总", "signer_role": "general_manager"}
    request = api.post(f"/tenures/{tenure['id']}/signatures", json=as_another, headers=person("王董", "chairman@E1"))
    problem = await refused(api, request, 403, "signer_name", "signer_is_the_caller")
    assert "王董" in problem["detail"] and "李总" in problem["detail"]


async def test_a_signer_signs_in_a_role_they_hold_for_the_enterprise(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    tenure = await approved(api, e1)
    url = f"/tenures/{tenure['id']}/signatures"
    as_chairman = api.post(url, json=signature(CHAIRMAN), headers=person("王董", "board_member@E1"))
    await refused(api, as_chairman, 403, "signer_role", "enterprise_signer_role")
    in_another_enterprise = api.post(url, json=signature(CHAIRMAN), headers=person("王董", "chairman@E2"))
    await refused(api, in_another_enterprise, 404, "id", "exists")


async def test_the_signer_name_defaults_to_the_callers_and_is_recorded_as_theirs(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    tenure = await approved(api, e1)
    unnamed = {"party": "enterprise", "signer_role": "chairman", "signed_on": "2022-02-20"}
    signed = await created(api.post(f"/tenures/{tenure['id']}/signatures", json=unnamed,
                                    headers=person("王董", "chairman@E1")))
    assert signed["agreement"]["signatures"][0]["signer_name"] == "王董"


async def test_a_manager_cannot_sign_another_managers_side(api) -> None:
    mine = await active_tenure(api)
    tenure = await approved(api, mine.enterprise, "M02")
    await sign(api, tenure, CHAIRMAN)
    url = f"/tenures/{tenure['id']}/signatures"
    by_a_colleague = api.post(url, json=signature(IN_PERSON), headers=in_person(mine))
    await refused(api, by_a_colleague, 404, "id", "exists")  # a colleague's tenure is not theirs to see
    by_the_chairman = api.post(url, json=signature(IN_PERSON), headers=person("王董", "chairman@E1"))
    await refused(api, by_the_chairman, 403, "party", "manager_signs_in_person")
    assert (await sign(api, tenure, IN_PERSON))["status"] == "signed"


async def test_a_manager_does_not_sign_the_enterprises_side_of_their_own_agreement(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    tenure = await approved(api, e1)
    manager_code = (await api.get(f"/managers/{tenure['manager_id']}")).json()["code"]
    own = person("赵磊", "manager@E1", manager_code=manager_code)
    for_the_enterprise = {**signature(IN_PERSON), "party": "enterprise"}
    request = api.post(f"/tenures/{tenure['id']}/signatures", json=for_the_enterprise, headers=own)
    await refused(api, request, 403, "party", "enterprise_signer_role")


async def test_a_manager_answers_a_bid_only_for_themself(api) -> None:
    e1 = await governed_enterprise(api)
    await policy(api)
    mine, colleague = [await manager(api, e1["id"], code) for code in ("M01", "M02")]
    offer = await created(api.post("/bids", json=bid(e1["id"])))
    me = person(mine["name"], "manager@E1", manager_code=mine["code"])
    for_colleague = {"manager_id": colleague["id"], "reason": "替同事放弃", "declined_on": "2022-01-15"}
    request = api.post(f"/bids/{offer['id']}/declines", json=for_colleague, headers=me)
    await refused(api, request, 403, "manager_id", "bidder_in_person")
    mine_declined = {**for_colleague, "manager_id": mine["id"], "reason": "目标过高"}
    assert (await created(api.post(f"/bids/{offer['id']}/declines", json=mine_declined, headers=me)))["declines"]


async def test_the_recorded_actor_is_the_token_subject_whatever_x_actor_says(api) -> None:
    admin = {**person("钱主任", "group_hr_admin@*", subject="hr.qian"), "X-Actor": "chairman.wang"}
    body = {"code": "E7", "name_zh": "成渝物流有限公司", "category": "market", "has_board": True}
    registered = await created(api.post("/enterprises", json=body, headers=admin))
    events = await events_when(api, lambda es: any(e["stream_id"] == registered["id"] for e in es), AUDITOR)
    [opened] = [e for e in events if e["stream_id"] == registered["id"]]
    assert (opened["actor"], opened["actor_name"], opened["actor_roles"]) == ("hr.qian", "钱主任", ["group_hr_admin@*"])


async def test_a_signature_is_recorded_as_the_signers_own_act(api) -> None:
    contract = await active_tenure(api)

    def signatures(events: list[dict]) -> list[dict]:
        return [e for e in events if e["stream_id"] == contract.tenure["id"] and e["type"] == "Tenure.AgreementSigned"]

    signed = signatures(await events_when(api, lambda es: len(signatures(es)) == 2, AUDITOR))
    assert [(e["actor"], e["actor_name"], e["actor_roles"]) for e in signed] == [
        ("u-王董", "王董", ["chairman@E1"]),
        ("u-赵磊", "赵磊", ["manager@E1"]),
    ]


async def test_reading_a_tenure_record_is_logged_for_the_auditor(api) -> None:
    contract = await active_tenure(api)
    manager_id = contract.manager["id"]
    since = datetime.now(UTC)
    reader = person("周人事", "enterprise_hr@E1", subject="hr.zhou")
    record = await api.get(f"/tenure-records/{manager_id}", headers=reader)
    assert record.status_code == 200, record.text
    signed = [e for e in record.json()["timeline"] if e["type"] == "Tenure.AgreementSigned"]
    assert [e["actor"] for e in signed] == ["u-王董", "u-赵磊"]
    await assert_nothing_written_since(api, since)  # a read writes no event, only its access-log row
    log = await api.get("/access-log", params={"manager_id": manager_id}, headers=AUDITOR)
    assert log.status_code == 200, log.text
    [row] = log.json()
    assert (row["subject"], row["name"], row["roles"]) == ("hr.zhou", "周人事", ["enterprise_hr@E1"])
    assert row["action"] == "GET /tenure-records/{manager_id}" and row["manager_id"] == manager_id
