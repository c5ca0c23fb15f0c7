"""Enterprises, policies and managers, through the HTTP API."""

from __future__ import annotations

from tests.contract.api.helpers import assert_problem, enterprise, event_count, manager, policy


async def test_an_enterprise_is_registered_and_listed_by_category(api) -> None:
    e1 = await enterprise(api, "E1", category="market")
    await enterprise(api, "E2", category="growth")
    listed = (await api.get("/enterprises", params={"category": "market"})).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == e1["id"]
    fetched = await api.get(f"/enterprises/{e1['id']}")
    assert fetched.json()["code"] == "E1" and fetched.headers["etag"] == '"1"'


async def test_enterprise_codes_are_unique(api) -> None:
    await enterprise(api, "E1")
    before = await event_count(api)
    duplicate = await api.post("/enterprises", json={"code": "E1", "name_zh": "重复", "category": "market", "has_board": True})
    assert_problem(duplicate, 409, rule="unique")
    assert await event_count(api) == before


async def test_a_command_without_an_access_token_is_refused_and_writes_nothing(api) -> None:
    body = {"code": "E9", "name_zh": "无名", "category": "market", "has_board": True}
    response = await api.post("/enterprises", json=body, headers={"Authorization": ""})
    assert_problem(response, 401, field="Authorization", rule="token_required")
    assert await event_count(api) == 0


async def test_malformed_json_is_a_problem_naming_the_body(api) -> None:
    response = await api.post("/enterprises", content=b'{"code": "E1",', headers={"content-type": "application/json"})
    body = assert_problem(response, 422)
    assert body["rule"] == "json_invalid"
    assert await event_count(api) == 0


async def test_wrong_types_are_problems_naming_the_field(api) -> None:
    response = await api.post("/enterprises", json={"code": "E1", "name_zh": "x", "category": "market", "has_board": "maybe"})
    assert_problem(response, 422, field="has_board", rule="bool_parsing")
    assert await event_count(api) == 0


async def test_policy_defaults_are_those_of_the_domain_rules(api) -> None:
    adopted = await policy(api)
    parameters = adopted["versions"][0]["parameters"]
    assert parameters["exit_score_floor"] == "70" and parameters["main_kpi_floor"] == "0.70"
    assert parameters["coefficients"] == {"excellent": "1.5", "qualified": "1.0", "basic": "0.8", "unqualified": "0"}
    assert parameters["min_performance_share"]["middle"] == "0.50"


async def test_an_unknown_policy_parameter_is_refused(api) -> None:
    response = await api.post(
        "/policies", json={"name": "p", "category": "market", "parameters": {"bogus": 1}, "effective_from": "2022-01-01"}
    )
    assert_problem(response, 422, field="parameters.bogus", rule="known_parameter")


async def test_a_policy_revision_is_a_new_version_and_reads_as_of_a_date(api) -> None:
    adopted = await policy(api)
    revised = await api.post(
        f"/policies/{adopted['id']}/versions",
        json={"parameters": {"retention_pct": 25}, "effective_from": "2023-01-01", "reason": "一重 model adopted"},
    )
    assert revised.status_code == 201, revised.text
    old = (await api.get(f"/policies/{adopted['id']}/as-of", params={"on": "2022-06-30"})).json()
    new = (await api.get(f"/policies/{adopted['id']}/as-of", params={"on": "2023-06-30"})).json()
    assert (old["policy_version"], old["parameters"]["retention_pct"]) == (1, "0")
    assert (new["policy_version"], new["parameters"]["retention_pct"]) == (2, "25")


async def test_a_policy_revision_needs_a_reason(api) -> None:
    adopted = await policy(api)
    response = await api.post(
        f"/policies/{adopted['id']}/versions",
        json={"parameters": {"retention_pct": 25}, "effective_from": "2023-01-01", "reason": " "},
    )
    assert_problem(response, 422, field="reason", rule="reason_required")


async def test_an_enterprise_policy_takes_precedence_over_its_category_policy(api) -> None:
    e1 = await enterprise(api, "E1", category="market")
    await policy(api, "market")
    own = await api.post(
        "/policies",
        json={"name": "E1 own", "enterprise_id": e1["id"], "parameters": {"excellent_pct": 15}, "effective_from": "2021-01-01"},
    )
    assert own.status_code == 201, own.text
    applicable = (await api.get("/policies/applicable", params={"enterprise_id": e1["id"], "on": "2022-05-01"})).json()
    assert applicable["name"] == "E1 own" and applicable["parameters"]["excellent_pct"] == "15"


async def test_a_second_policy_for_the_same_scope_is_refused(api) -> None:
    await policy(api, "market")
    response = await api.post("/policies", json={"name": "again", "category": "market", "effective_from": "2022-01-01"})
    assert_problem(response, 409)


async def test_a_manager_of_an_unknown_enterprise_is_refused(api) -> None:
    response = await api.post(
        "/managers",
        json={"code": "M01", "name": "赵磊", "level": "middle", "position": "middle_manager",
              "enterprise_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert_problem(response, 404, field="enterprise_id", rule="exists")
    assert await event_count(api) == 0


async def test_managers_are_listed_by_enterprise_and_level(api) -> None:
    e1 = await enterprise(api, "E1")
    await manager(api, e1["id"], "M01")
    await manager(api, e1["id"], "M02", position="general_manager", level="leadership")
    listed = (await api.get("/managers", params={"enterprise_id": e1["id"], "level": "leadership"})).json()
    assert [m["code"] for m in listed["items"]] == ["M02"] and listed["total"] == 1
    page = (await api.get("/managers", params={"page_size": 1, "page": 2})).json()
    assert page["total"] == 2 and [m["code"] for m in page["items"]] == ["M02"]


async def test_a_stale_if_match_gets_409_and_changes_nothing(api) -> None:
    e1 = await enterprise(api, "E1")
    grant = {"role": "chairman", "person_name": "王董", "scope": "general_manager", "granted_by": "board",
             "decision_ref": "董决〔2022〕1号"}
    first = await api.post(f"/enterprises/{e1['id']}/signing-authorisations", json=grant, headers={"If-Match": '"1"'})
    assert first.status_code == 201 and first.headers["etag"] == '"2"'
    stale = await api.post(
        f"/enterprises/{e1['id']}/signing-authorisations",
        json={**grant, "scope": "other_managers"},
        headers={"If-Match": '"1"'},
    )
    assert_problem(stale, 409, field="If-Match", rule="optimistic_concurrency")
    assert len((await api.get(f"/enterprises/{e1['id']}")).json()["authorisations"]) == 1


async def test_concurrent_commands_on_one_stream_without_if_match_all_land(api) -> None:
    import asyncio

    e1 = await enterprise(api, "E1")
    grants = [
        {"role": "chairman", "person_name": "王董", "scope": "general_manager"},
        {"role": "chairman", "person_name": "王董", "scope": "other_managers"},
        {"role": "general_manager", "person_name": "李总", "scope": "other_managers"},
    ]
    answers = await asyncio.gather(
        *(
            api.post(f"/enterprises/{e1['id']}/signing-authorisations",
                     json={**g, "granted_by": "board", "decision_ref": "董决〔2022〕1号"})
            for g in grants
        )
    )
    assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
    final = (await api.get(f"/enterprises/{e1['id']}")).json()
    assert len(final["authorisations"]) == 3 and final["version"] == 4
