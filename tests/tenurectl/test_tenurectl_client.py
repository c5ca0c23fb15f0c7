"""Every request tenurectl sends carries its caller's bearer token and every POST is safe to retry; a refusal stops
the run with its problem and says who was refused."""

from __future__ import annotations

import json

import httpx
import pytest

from tenurectl.client import ServiceClient, ServiceError, doing, new_key
from tenurectl.identity import Bearer

HR = Bearer("hr-token", "张红 (enterprise_hr@E1)")
CHAIRMAN = Bearer("chairman-token", "王董 (chairman@E1)")


def test_a_post_carries_the_callers_token_and_a_key_and_a_lost_answer_is_retried_under_the_same_key() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            raise httpx.ReadTimeout("lost", request=request)
        return httpx.Response(201, json={"id": "e-1"})

    with ServiceClient("contract", "http://contract", HR, transport=httpx.MockTransport(handler)) as client:
        assert client.post("/enterprises", {"code": "E1"}) == {"id": "e-1"}

    assert [r.headers["Authorization"] for r in seen] == ["Bearer hr-token", "Bearer hr-token"]
    assert not any("X-Actor" in r.headers for r in seen)
    keys = {r.headers["Idempotency-Key"] for r in seen}
    assert len(keys) == 1 and keys.pop().startswith("tenurectl-")


def test_a_request_made_by_someone_else_carries_their_token_not_the_clients() -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.headers["Authorization"]))
        return httpx.Response(200, json={})

    with ServiceClient("contract", "http://contract", HR, transport=httpx.MockTransport(handler)) as client:
        client.post("/tenures/t-1/approval", {}, by=CHAIRMAN)
        client.get("/tenures/t-1", by=CHAIRMAN)
        client.get("/tenures/t-1")

    assert seen == [("POST", "Bearer chairman-token"), ("GET", "Bearer chairman-token"), ("GET", "Bearer hr-token")]


def test_a_request_without_any_caller_is_not_sent() -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, json={}))

    with ServiceClient("contract", "http://contract", transport=transport) as client, pytest.raises(ValueError):
        client.get("/enterprises")

    assert sent == []


def test_each_post_has_its_own_key() -> None:
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        return httpx.Response(201, json={})

    with ServiceClient("contract", "http://contract", HR, transport=httpx.MockTransport(handler)) as client:
        client.post("/a", {})
        client.post("/a", {})

    assert len(set(keys)) == 2


def test_a_caller_that_sends_a_command_again_later_can_give_its_own_key() -> None:
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        return httpx.Response(201, json={})

    key = new_key()
    with ServiceClient("payroll", "http://payroll", HR, transport=httpx.MockTransport(handler)) as client:
        client.post("/pay-plans", {}, key=key)
        client.post("/pay-plans", {}, key=key)

    assert keys == [key, key] and key.startswith("tenurectl-") and new_key() != key


def test_a_refusal_raises_with_its_problem_the_caller_and_the_step_under_way() -> None:
    problem = {"type": "https://tenure.example/problems/rule-violation", "status": 422, "rule": "weights_sum_to_100"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, content=json.dumps(problem), headers={"content-type": "application/problem+json"})

    client = ServiceClient("contract", "http://contract", HR, transport=httpx.MockTransport(handler))
    with client, pytest.raises(ServiceError) as raised, doing("issuing M02's letters"):
        client.post("/tenures/t-1/letters", {})

    error = raised.value
    assert (error.status, error.problem) == (422, problem)
    assert (
        "contract service answered 422: POST http://contract/tenures/t-1/letters as 张红 (enterprise_hr@E1) "
        "while issuing M02's letters"
    ) in error.describe()
    assert '"rule": "weights_sum_to_100"' in error.describe()


def test_a_missing_resource_is_none_only_where_asked() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(404, json={"status": 404}))

    with ServiceClient("appraisal", "http://appraisal", HR, transport=transport) as client:
        assert client.get_if_found("/known/tenures/t-1") is None
        with pytest.raises(ServiceError):
            client.get("/appraisals/a-1")
