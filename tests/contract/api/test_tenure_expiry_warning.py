"""The expiry warning (DOMAIN.md Lifecycle 7; issue 12 "Missing tenure rules"), through the HTTP API.

The tenure of `active_tenure` runs 2022-03-01 to 2024-12-31: 2024-10-02 is 90 days before its last day."""

from __future__ import annotations

from tests.contract.api.helpers import assert_problem, created, events_when, manager
from tests.contract.api.tenure_helpers import active_tenure, agreement, bring_into_force, draft, governed_enterprise

EXPIRING = "/tenures/expiring"
WARN = "/tenures/expiry-warnings"
RENEWAL_BODY = {"start": "2025-01-01", "end": "2027-12-31", "agreement": agreement()}


async def listed(api, on: str, **filters: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = await api.get(EXPIRING, params={"on": on, **filters})
    assert response.status_code == 200, response.text
    return response.json()


async def warned(api, as_of: str, **body: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = await api.post(WARN, json={"as_of": as_of, **body})
    assert response.status_code == 200, response.text
    return response.json()


def expiry_events(events: list[dict]) -> list[dict]:
    return [e for e in events if e["type"] == "Tenure.ExpiryWarned"]


async def test_a_tenure_ending_within_ninety_days_by_default_is_listed_as_expiring(api) -> None:
    contract = await active_tenure(api)
    assert await listed(api, "2024-10-01") == []  # 91 days before its end
    [item] = await listed(api, "2024-10-02")
    assert (item["tenure_id"], item["end"], item["days_left"], item["window_days"], item["warned_on"]) == (
        contract.tenure["id"], "2024-12-31", 90, 90, None)
    assert [i["days_left"] for i in await listed(api, "2024-12-31")] == [0]


async def test_the_expiry_warning_window_is_the_policys_expiry_warning_days(api) -> None:
    await active_tenure(api, expiry_warning_days=30)
    assert await listed(api, "2024-11-30") == []  # 31 days before its end
    assert [(i["days_left"], i["window_days"]) for i in await listed(api, "2024-12-01")] == [(30, 30)]


async def test_an_expiry_warning_is_recorded_once_per_tenure(api) -> None:
    contract = await active_tenure(api)
    assert await warned(api, "2024-10-01") == []
    [first] = await warned(api, "2024-10-02")
    assert (first["tenure_id"], first["warned_on"]) == (contract.tenure["id"], "2024-10-02")
    assert await warned(api, "2024-10-02") == []
    assert await warned(api, "2024-11-15") == []
    events = await events_when(api, lambda es: len(expiry_events(es)) >= 1)
    [event] = expiry_events(events)
    assert event["stream_id"] == contract.tenure["id"]
    assert {k: event["payload"][k] for k in ("warned_on", "end", "days_left", "window_days")} == {
        "warned_on": "2024-10-02", "end": "2024-12-31", "days_left": 90, "window_days": 90}
    assert [i["warned_on"] for i in await listed(api, "2024-11-15")] == ["2024-10-02"]
    assert (await api.get(contract.url)).json()["expiry_warned_on"] == "2024-10-02"


async def test_a_renewed_tenure_is_not_warned_of_its_expiry(api) -> None:
    contract = await active_tenure(api)
    await created(api.post(f"{contract.url}/renewal", json=RENEWAL_BODY))
    assert await listed(api, "2024-12-01") == []
    assert await warned(api, "2024-12-01") == []


async def test_an_ended_tenure_is_not_listed_as_expiring(api) -> None:
    contract = await active_tenure(api)
    termination = {"reason": "年度考核不合格", "mode": "rigid_exit", "decision_makers": ["党委会", "董事会"],
                   "decided_on": "2024-10-10", "effective_on": "2024-10-31", "decision_ref": "董事会决议〔2024〕2号"}
    await created(api.post(f"{contract.url}/termination", json=termination))
    assert await listed(api, "2024-11-01") == []


async def test_expiring_tenures_are_listed_per_enterprise_or_for_the_group(api) -> None:
    first = await active_tenure(api)
    other = await governed_enterprise(api, "E2")
    second = await manager(api, other["id"], "M02")
    await bring_into_force(api, await draft(api, second["id"], end="2024-11-30"))
    group = await listed(api, "2024-10-02")
    assert [(i["enterprise_id"], i["end"]) for i in group] == [(other["id"], "2024-11-30"),
                                                               (first.enterprise["id"], "2024-12-31")]
    assert [i["end"] for i in await listed(api, "2024-10-02", enterprise_id=other["id"])] == ["2024-11-30"]
    assert [i["end"] for i in await warned(api, "2024-10-02", enterprise_id=other["id"])] == ["2024-11-30"]
    assert [i["end"] for i in await warned(api, "2024-10-02")] == ["2024-12-31"]


async def test_an_unknown_filter_of_the_expiring_list_is_refused(api) -> None:
    response = await api.get(EXPIRING, params={"on": "2024-10-02", "enterprise": "E1"})
    assert_problem(response, 422, "enterprise", "known_filter")


async def test_an_unknown_filter_of_the_tenure_list_is_refused(api) -> None:
    await active_tenure(api)
    assert_problem(await api.get("/tenures", params={"state": "active"}), 422, "state", "known_filter")
    listed_ok = await api.get("/tenures", params={"status": "active", "page": 1, "page_size": 10})
    assert listed_ok.status_code == 200 and listed_ok.json()["total"] == 1


async def test_an_expiry_warning_window_below_zero_days_is_refused(api) -> None:
    body = {"name": "p", "category": "market", "parameters": {"expiry_warning_days": -1},
            "effective_from": "2020-01-01"}
    assert_problem(await api.post("/policies", json=body), 422, "parameters.expiry_warning_days", "parameter_range")
