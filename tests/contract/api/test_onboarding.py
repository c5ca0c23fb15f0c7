"""Onboarding: an enterprise's serving managers brought in at once from the signed papers, all or none, each fact
an event with the importer as actor and the onboarding as cause; the same rules as the one-by-one commands."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tenurectl import bodies
from tenurectl.onboarding import onboarding_body
from tenurectl.scenario import load_scenario
from tests.auth import person
from tests.contract.api.helpers import assert_nothing_written_since, assert_problem, created
from tests.contract.api.tenure_helpers import governed_enterprise
from tests.scenarios import GOLDEN

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
SCENARIO = load_scenario(GOLDEN)
IMPORTER = person("人力资源部 导入", "group_hr_admin@*", subject="hr.import")


async def enterprise_with_policy(api: httpx.AsyncClient) -> dict[str, Any]:
    await created(api.post("/policies", json=bodies.policy_body(SCENARIO)))
    return await governed_enterprise(api, category=SCENARIO.enterprise["category"])


def document(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


async def imported(api: httpx.AsyncClient, enterprise_id: str, body: dict[str, Any]) -> httpx.Response:
    return await api.post(f"/enterprises/{enterprise_id}/onboarding", content=document(body),
                          headers={**IMPORTER, "content-type": "application/json"})


async def test_an_onboarding_brings_every_manager_in_force_with_letters_signed_by_both(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    answer = await created(imported(api, enterprise["id"], onboarding_body(SCENARIO)))
    assert [m["code"] for m in answer["managers"]] == SCENARIO.manager_codes
    for brought in answer["managers"]:
        tenure = (await api.get(f"/tenures/{brought['tenure_id']}")).json()
        assert tenure["status"] == "active" and tenure["manager_id"] == brought["manager_id"]
        assert tenure["activated_on"] == SCENARIO.start.isoformat()
        assert sorted(letter["key"] for letter in tenure["letters"]) == sorted(brought["letter_keys"])
        assert {letter["status"] for letter in tenure["letters"]} == {"signed"}
    listed = (await api.get("/managers", params={"enterprise_id": enterprise["id"]})).json()
    assert listed["total"] == len(SCENARIO.managers)


async def test_every_fact_brought_in_names_the_importer_and_the_onboarding_and_keeps_its_own_date(
    api: httpx.AsyncClient,
) -> None:
    enterprise = await enterprise_with_policy(api)
    since = datetime.now(UTC)
    answer = await created(imported(api, enterprise["id"], onboarding_body(SCENARIO)))
    events = [e for e in (await api.get("/events", params={"limit": 1000})).json()["events"]
              if datetime.fromisoformat(e["recorded_at"]) >= since]
    onboarding = next(e for e in events if e["stream_id"] == answer["id"])
    facts = [e for e in events if e["stream_id"] != answer["id"]]
    assert onboarding["payload"]["source"] == onboarding_body(SCENARIO)["source"]
    assert onboarding["payload"]["managers"] == len(SCENARIO.managers)
    assert onboarding["payload"]["digest"] == hashlib.sha256(document(onboarding_body(SCENARIO))).hexdigest()
    assert {(e["actor"], e["causation_id"]) for e in [onboarding, *facts]} - {(onboarding["actor"], None)} == {
        ("hr.import", answer["cause"])}
    assert onboarding["actor"] == "hr.import" and answer["cause"] == f"onboarding:{answer['id']}"
    decided = bodies.decided_on(SCENARIO).isoformat()
    dates = {e["type"]: e["effective_date"] for e in facts if e["stream_id"] == answer["managers"][0]["tenure_id"]}
    assert dates == {"Tenure.Opened": SCENARIO.start.isoformat(), "Tenure.AgreementReviewed": decided,
                     "Tenure.AgreementApproved": decided, "Tenure.AgreementSigned": decided,
                     "Tenure.Activated": SCENARIO.start.isoformat()}


async def test_one_manager_at_fault_refuses_the_whole_onboarding_naming_the_item(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    body = copy.deepcopy(onboarding_body(SCENARIO))
    body["managers"][2]["letters"][1]["signatures"][0]["signer_name"] = "张三"  # holds no board authorisation
    since = datetime.now(UTC)
    problem = assert_problem(await imported(api, enterprise["id"], body), 422,
                             "managers.2.letters.1.signer_name", "signing_authority")
    assert problem["detail"].startswith(f"manager 2 ({body['managers'][2]['code']}): letter 1: ")
    await assert_nothing_written_since(api, since)


async def test_a_code_already_registered_or_given_twice_brings_nobody_in(api: httpx.AsyncClient) -> None:
    enterprise = await enterprise_with_policy(api)
    body = onboarding_body(SCENARIO)
    twice = {**body, "managers": [*body["managers"], body["managers"][0]]}
    last = len(body["managers"])
    assert_problem(await imported(api, enterprise["id"], twice), 422, f"managers.{last}.code", "unique")
    await created(imported(api, enterprise["id"], {**body, "managers": body["managers"][1:2]}))
    since = datetime.now(UTC)
    assert_problem(await imported(api, enterprise["id"], body), 409, "managers.1.code", "unique")
    await assert_nothing_written_since(api, since)


async def test_an_agreement_signed_before_its_approval_is_refused_as_the_one_by_one_steps_refuse_it(
    api: httpx.AsyncClient,
) -> None:
    enterprise = await enterprise_with_policy(api)
    body = copy.deepcopy(onboarding_body(SCENARIO))
    body["managers"][0]["approval"]["approved_on"] = "2021-01-01"  # before the review
    assert_problem(await imported(api, enterprise["id"], body), 422, "managers.0.approved_on")


async def test_every_malformed_manager_is_reported_at_once_naming_its_item_and_nothing_is_written(
    api: httpx.AsyncClient,
) -> None:
    enterprise = await enterprise_with_policy(api)
    body = copy.deepcopy(onboarding_body(SCENARIO))
    del body["managers"][0]["level"]
    body["managers"][2]["letters"][0]["kpis"][0]["weight"] = "thirty"
    since = datetime.now(UTC)
    problem = assert_problem(await imported(api, enterprise["id"], body), 422, "managers.0.level", "missing")
    assert [(e["field"], e["rule"]) for e in problem["errors"]] == [
        ("managers.0.level", "missing"), ("managers.2.letters.0.kpis.0.weight", "decimal_parsing")]
    assert_problem(await imported(api, enterprise["id"], {**body, "managers": []}), 422, "managers", "too_short")
    refused = await api.post(f"/enterprises/{enterprise['id']}/onboarding", content=b'{"source": "x", "managers": [',
                             headers={**IMPORTER, "content-type": "application/json"})
    assert_problem(refused, 422, "body", "json_invalid")
    await assert_nothing_written_since(api, since)


async def test_the_onboarding_body_is_documented_as_the_whole_roster(api: httpx.AsyncClient) -> None:
    document = (await api.get("/openapi.json")).json()
    body = document["paths"]["/enterprises/{enterprise_id}/onboarding"]["post"]["requestBody"]
    assert body["required"] and body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Onboard"}
    schemas = document["components"]["schemas"]
    assert schemas["Onboard"]["properties"]["managers"]["items"] == {"$ref": "#/components/schemas/ServingManager"}
    assert {"letters", "signatures", "review", "approval"} <= set(schemas["ServingManager"]["properties"])
