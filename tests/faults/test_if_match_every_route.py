"""Every command route that takes If-Match holds the command to it: a stale version is 409 naming If-Match, and
nothing is written. Found in the three apps' OpenAPI (a route added later is checked without a word here), each
sent with a body valid for its schema (built from the schema itself) to records that exist (the authorization
matrix's world), under a version none of them is at.

This is the per-route half of "50 writers with If-Match: exactly one winner": each route reads the version and
hands it to the store. The race half, that of fifty writers sent the current version at once one lands and the
others get 409, is the store's and routing's alike for every route (tests/faults/test_concurrency.py runs it
on the routes the issue named, test_concurrency_process.py through a real process)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.appraisal.api.observation_helpers import conclusion, periods, ten_appraised, url_of
from tests.appraisal.conftest import Services as AppraisalServices
from tests.appraisal.conftest import services  # noqa: F401  (the fixture, for this folder)
from tests.auth import bearer
from tests.faults.concurrency_helpers import burst, statuses
from tests.faults.test_concurrency import WRITERS
from tests.payroll.conftest import Services3, services3  # noqa: F401  (the fixture, for this folder)
from tests.security.matrix_seed import World, seed
from tests.security.test_authorization_matrix import operations, request_for, store_sizes

STALE = '"987654"'  # no record of the world is at this version
# routes whose record the matrix's world lacks, each proven elsewhere: an observation period (none in the world)
# below; a rating (the world's KPIs are all measured) by fifty writers in tests/faults/test_concurrency.py
ELSEWHERE = {("appraisal", "POST", "/observation-periods/{tenure_id}/{year}/conclusion"),
             ("appraisal", "POST", "/ratings")}
PATTERN_CANDIDATES = ("2022-05", "2022", "1", "K1")
# the world's manager M01 (E1), for what only the manager does (file an objection, answer a bid)
MANAGER = bearer("matrix.manager.own", ["manager@E1"], manager_code="M01")


def example(schema: dict[str, Any], components: dict[str, Any], known: dict[str, Any]) -> Any:
    """The smallest instance of a JSON schema as FastAPI writes them: required properties only, first choices;
    a property named in `known` (the world's tenure, enterprise, ...) takes that value."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components, known)
    for choice in ("anyOf", "oneOf", "allOf"):
        if choice in schema:
            options = [s for s in schema[choice] if s.get("type") != "null"]
            return example(options[0], components, known)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if kind == "object":
        properties = schema.get("properties", {})
        names = [*schema.get("required", []), *(n for n in properties if n in known and n not in schema.get(
            "required", []))]
        return {name: known[name] if name in known else example(properties[name], components, known)
                for name in names}
    if kind == "array":
        return [example(schema.get("items", {}), components, known) for _ in range(schema.get("minItems", 0))]
    return _scalar(kind, schema)


def _scalar(kind: str, schema: dict[str, Any]) -> Any:
    if kind == "string":
        formats = {"uuid": str(uuid.uuid4()), "date": "2022-06-30", "date-time": "2022-06-30T08:00:00+08:00"}
        if "pattern" in schema:
            return next(c for c in PATTERN_CANDIDATES if re.fullmatch(schema["pattern"], c))
        return formats.get(schema.get("format", ""), "依规定")
    if kind == "boolean":
        return True
    return schema.get("minimum", 1)


def known(ids: dict[str, str]) -> dict[str, Any]:
    return {"tenure_id": ids["t1"], "enterprise_id": ids["e1"], "manager_id": ids["m01"], "year": 2022,
            "kpi_code": "K1"}


def if_match_commands(apps: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {op: operation for op, operation in operations(apps).items()
            if op[1] in {"POST", "PUT", "PATCH", "DELETE"}
            and any(p.get("name", "").lower() == "if-match" for p in operation.get("parameters", []))}


async def stale(three: Services3, world: World, op: tuple[str, str, str],
                operation: dict[str, Any]) -> httpx.Response:
    """The command sent under a stale If-Match, by the office holding every staff role, or by the manager where
    the command is the manager's alone."""
    client = {"contract": three.contract, "appraisal": three.appraisal, "payroll": three.payroll}[op[0]]
    components = three.apps[op[0]].openapi()["components"]["schemas"]
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    request = request_for(op, operation, world.ids)
    body = example(schema, components, known(world.ids)) if schema else None
    answer = None
    for who in ({}, MANAGER):
        answer = await client.request(op[1], request["url"], params=request["params"], json=body,
                                      headers={"If-Match": STALE, **who})
        if answer.status_code != 403:
            break
    assert answer is not None
    return answer


def refused_as_stale(answer: httpx.Response) -> bool:
    problem = answer.json() if answer.headers.get("content-type", "").endswith("json") else {}
    return answer.status_code == 409 and (problem.get("field"), problem.get("rule")) == ("If-Match",
                                                                                         "optimistic_concurrency")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_every_command_route_that_takes_if_match_refuses_a_stale_version_with_409_and_writes_nothing(
    services3: Services3,  # noqa: F811
) -> None:
    world, commands = await seed(services3), if_match_commands(services3.apps)
    assert len(commands) >= 20, sorted(commands)  # the three services' routes, not an empty list by mistake
    wrong = []
    for op, operation in sorted(commands.items()):
        if op in ELSEWHERE:
            continue
        before = await store_sizes(services3.apps)
        answer = await stale(services3, world, op, operation)
        if not refused_as_stale(answer):
            wrong.append(f"{op}: {answer.status_code} {answer.text[:300]}")
        elif await store_sizes(services3.apps) != before:
            wrong.append(f"{op}: wrote although refused")
    assert not wrong, "\n".join(wrong)
    print(f"if-match on every route: {len(commands) - len(ELSEWHERE)} routes here, {len(ELSEWHERE)} elsewhere, "
          "each 409 on a stale version, nothing written")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_fifty_committee_conclusions_of_one_observation_period_under_its_version_have_one_winner(
    services: AppraisalServices,  # noqa: F811
) -> None:
    [listed] = await periods(services, tenure_id=(await ten_appraised(services))[5]["tenure_id"])
    url, body = f"{url_of(listed)}/conclusion", conclusion("met", "2023-09-01")
    seen = await services.appraisal.get(url_of(listed))
    assert seen.status_code == 200 and seen.headers.get("etag"), seen.headers
    refused = await services.appraisal.post(url, json=body, headers={"If-Match": STALE})
    assert refused_as_stale(refused), refused.text
    answers = await burst([services.appraisal.post(url, json=body, headers={"If-Match": seen.headers["etag"]})
                           for _ in range(WRITERS)])
    assert statuses(answers) == {201: 1, 409: WRITERS - 1}, [a.text for a in answers if a.status_code != 201][:2]
    assert all(refused_as_stale(a) for a in answers if a.status_code == 409)
    after = await services.appraisal.get(url_of(listed))
    assert int(after.headers["etag"].strip('"')) == int(seen.headers["etag"].strip('"')) + 1  # one event
    print(f"observation conclusion: {WRITERS + 1} runs, statuses {statuses([refused, *answers])}, lost 0, "
          "applied twice 0")
