"""Who may do what, where: every operation of the three services' OpenAPI × every role × (granted for the
resource's enterprise E1, granted for another enterprise E2, granted for the whole group), and with no token.

Each cell states its answer here, independently of shared/auth/policy.csv, so a change of policy that opens
or closes a door fails this test until the test says so too:
- no token: 401 (the inbox: 401 whatever token; /health: 200);
- a role without the permission: 403, whatever its scope;
- a role with it, for E1 or the whole group: let through (neither 401, 403 nor 404: bodies are left empty,
  so a command answers 422 and decides nothing);
- a role with it for E2 only: 404 on E1's resources; lists answer 200 without a trace of E1;
- group-wide operations (the feed, chains, rebuilds, registrations) need the whole group: 403 for E1 and E2.
A refused cell must leave all three event stores as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select

from shared.eventstore.tables import events
from tests.auth import bearer
from tests.security.matrix_seed import KPIS, World, seed

ROLES = ("group_hr_admin", "enterprise_hr", "board_member", "chairman", "general_manager", "appraisal_committee",
         "payroll_officer", "manager", "auditor", "integration", "operations")
EVERYONE = frozenset(ROLES)
BOARD = frozenset({"board_member", "chairman", "general_manager"})
READERS = frozenset({"group_hr_admin", "enterprise_hr", *BOARD, "appraisal_committee", "payroll_officer", "manager",
                     "auditor", "integration"})
RECORD = frozenset({"group_hr_admin", "enterprise_hr", "payroll_officer", "auditor", "manager"})
APPRAISAL_READERS = frozenset({"group_hr_admin", "enterprise_hr", "appraisal_committee", *BOARD, "payroll_officer",
                               "auditor"})
PAY_READERS = frozenset({"payroll_officer", "enterprise_hr", "auditor", "manager"})
SUPERVISORS = frozenset({"group_hr_admin", "board_member", "chairman", "auditor"})


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    scope: str  # "resource" (E1's, by path or body), "list", "group", "open" (no enterprise), "inbox", "public"
    body: Callable[[dict[str, str]], Any] | None = None  # a valid body naming E1's things, for the E2 cells
    absent_ok: bool = False  # the route's own "not found" is a let-through (the thing asked for is not made yet)
    other: str | None = None  # the E2 answer where it is not 404 (a spreadsheet names unknown rows, 422)


def r(roles: frozenset[str] | set[str], scope: str = "resource", body: Callable[[dict[str, str]], Any] | None = None,
      absent_ok: bool = False, other: str | None = None) -> Rule:
    return Rule(frozenset(roles), scope, body, absent_ok, other)


def actual(ids: dict[str, str]) -> dict[str, Any]:
    return {"tenure_id": ids["t1"], "year": 2022, "kpi_code": "K2", "value": "150"}


MATRIX: dict[tuple[str, str, str], Rule] = {
    # contract
    ("contract", "POST", "/enterprises"): r({"group_hr_admin"}, "group"),
    ("contract", "GET", "/enterprises"): r(EVERYONE, "list"),
    ("contract", "POST", "/enterprises/{enterprise_id}/signing-authorisations"): r({"group_hr_admin", "board_member", "chairman"}),
    ("contract", "GET", "/enterprises/{enterprise_id}"): r(EVERYONE),
    ("contract", "POST", "/enterprises/{enterprise_id}/onboarding"): r({"group_hr_admin"}),
    ("contract", "POST", "/enterprises/{enterprise_id}/onboarding/upload"): r({"group_hr_admin"}),
    ("contract", "POST", "/policies"): r({"group_hr_admin"}, "group"),
    ("contract", "POST", "/policies/{policy_id}/versions"): r({"group_hr_admin"}, "group"),
    ("contract", "GET", "/policies/applicable"): r(EVERYONE, "open"),
    ("contract", "GET", "/policies/{policy_id}"): r(EVERYONE, "open"),
    ("contract", "GET", "/policies/{policy_id}/as-of"): r(EVERYONE, "open"),
    ("contract", "POST", "/managers"): r({"group_hr_admin", "enterprise_hr"}, body=lambda i: {
        "code": "M77", "name": "钱七", "level": "middle", "position": "middle_manager", "enterprise_id": i["e1"]}),
    ("contract", "GET", "/managers"): r(READERS, "list"),
    ("contract", "GET", "/managers/{manager_id}"): r(READERS),
    ("contract", "POST", "/tenures"): r({"group_hr_admin", "enterprise_hr"}, body=lambda i: {
        "manager_id": i["m01"], "start": "2025-01-01", "end": "2027-12-31", "agreement": {
            "duties": "d", "rights_obligations": "r", "pay": {"base": "1", "performance": "1"}, "exit_rules": "e",
            "accountability": "a"}}),
    ("contract", "GET", "/tenures"): r(READERS, "list"),
    ("contract", "POST", "/tenures/close-expired"): r({"group_hr_admin", "enterprise_hr"},
                                                       body=lambda i: {"as_of": "2030-01-01", "enterprise_id": i["e1"]}),
    ("contract", "POST", "/tenures/{tenure_id}/review"): r(BOARD),
    ("contract", "POST", "/tenures/{tenure_id}/approval"): r(BOARD),
    ("contract", "POST", "/tenures/{tenure_id}/signatures"): r({*BOARD, "manager"}),
    ("contract", "POST", "/tenures/{tenure_id}/activation"): r({"group_hr_admin", "enterprise_hr"}),
    ("contract", "POST", "/tenures/{tenure_id}/letters"): r({"group_hr_admin", "enterprise_hr"}),
    ("contract", "POST", "/tenures/{tenure_id}/letters/{key}/signatures"): r({*BOARD, "manager"}),
    ("contract", "POST", "/tenures/{tenure_id}/letters/{key}/revisions"): r({"group_hr_admin", "enterprise_hr"}),
    ("contract", "POST", "/tenures/{tenure_id}/extensions"): r(BOARD),
    ("contract", "POST", "/tenures/{tenure_id}/renewal"): r({"group_hr_admin", "enterprise_hr"}),
    ("contract", "POST", "/tenures/{tenure_id}/termination"): r(BOARD),
    ("contract", "POST", "/tenures/{tenure_id}/exit-decisions"): r(BOARD),
    ("contract", "GET", "/tenures/{tenure_id}"): r(READERS),
    ("contract", "POST", "/bids"): r({"group_hr_admin", "enterprise_hr"}, body=lambda i: {
        "enterprise_id": i["e1"], "position": "middle_manager", "level": "middle", "kpis": KPIS,
        "pay": {"base": "1", "performance": "1"}, "published_on": "2022-02-20"}),
    ("contract", "POST", "/bids/{bid_id}/acceptance"): r({"manager"}, body=lambda i: {
        "manager_id": i["m02"], "confirmation_ref": "确认书1号", "signed_on": "2022-03-01"}),
    ("contract", "POST", "/bids/{bid_id}/declines"): r({"manager"}, body=lambda i: {
        "manager_id": i["m02"], "reason": "另有安排", "declined_on": "2022-03-01"}),
    ("contract", "GET", "/bids/{bid_id}"): r(READERS),
    ("contract", "GET", "/coverage/signing"): r({"group_hr_admin", "enterprise_hr", "board_member", "chairman", "auditor"}, "list"),
    ("contract", "GET", "/supervision"): r(SUPERVISORS, "list"),
    ("contract", "GET", "/tenures/expiring"): r(READERS, "list"),
    ("contract", "POST", "/tenures/expiry-warnings"): r({"group_hr_admin", "enterprise_hr", "integration"},
                                                         body=lambda i: {"as_of": "2030-01-01", "enterprise_id": i["e1"]}),
    ("contract", "GET", "/tenure-records/{manager_id}"): r(RECORD),
    ("contract", "GET", "/tenure-records/{manager_id}/report"): r(RECORD),
    ("contract", "GET", "/tenure-records/{manager_id}/changes"): r(RECORD),
    ("contract", "GET", "/tenure-records/{manager_id}/verification"): r({"auditor", "operations"}),
    ("contract", "POST", "/tenure-records/{manager_id}/verification"): r({"auditor", "operations"}),
    # appraisal
    ("appraisal", "POST", "/actuals"): r({"enterprise_hr", "integration"}, body=actual),
    ("appraisal", "GET", "/actuals"): r({"group_hr_admin", "enterprise_hr", "appraisal_committee", "auditor", "integration",
                                         "manager"}),
    ("appraisal", "POST", "/actuals/batch"): r({"enterprise_hr", "integration"}, body=lambda i: {"items": [actual(i)]}),
    # a row naming another enterprise's manager is refused as a row naming no known manager: the file is 422
    ("appraisal", "POST", "/actuals/upload"): r({"enterprise_hr", "integration"}, body=lambda i: "upload", other="422"),
    ("appraisal", "POST", "/actuals/corrections"): r({"enterprise_hr"}, body=lambda i: {
        "tenure_id": i["t1"], "year": 2022, "entry_id": "x", "value": "1", "reason": "更正"}),
    ("appraisal", "POST", "/ratings"): r({"appraisal_committee"}, body=lambda i: {
        "tenure_id": i["t1"], "year": 2022, "kpi_code": "K1", "evaluator": "委员甲", "rating": "90"}),
    ("appraisal", "POST", "/ratings/batch"): r({"appraisal_committee"}, body=lambda i: {"items": [{
        "tenure_id": i["t1"], "year": 2022, "kpi_code": "K1", "evaluator": "委员甲", "rating": "90"}]}),
    ("appraisal", "POST", "/appraisals"): r({"enterprise_hr", "appraisal_committee"},
                                            body=lambda i: {"enterprise_id": i["e1"], "year": 2023}),
    ("appraisal", "GET", "/appraisals"): r(APPRAISAL_READERS, "list"),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/closing"): r({"appraisal_committee"}),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/confirmation"): r({"appraisal_committee"}),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/objections"): r({"manager"}, body=lambda i: {
        "tenure_id": i["t1"], "reason": "不服", "filed_on": "2023-01-10"}),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/objections/{objection_id}/decision"): r({"appraisal_committee"}),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/finalisation"): r({"appraisal_committee"}),
    ("appraisal", "POST", "/appraisals/{appraisal_id}/revision"): r({"appraisal_committee"}),
    ("appraisal", "GET", "/appraisals/{appraisal_id}"): r(APPRAISAL_READERS),
    ("appraisal", "GET", "/appraisals/{appraisal_id}/ranking"): r(APPRAISAL_READERS),
    ("appraisal", "GET", "/tenure-appraisals/{tenure_id}"): r({*APPRAISAL_READERS, "manager"}, absent_ok=True),
    ("appraisal", "GET", "/managers/{manager_id}/warnings"): r({*APPRAISAL_READERS, "manager"}),
    ("appraisal", "GET", "/known/tenures/{tenure_id}"): r({"auditor", "operations"}, "group"),
    ("appraisal", "GET", "/observation-periods"): r({*APPRAISAL_READERS, "manager"}, "list"),
    # the seed's one-member group warns nobody: no period exists, the route's own 404 is a let-through
    ("appraisal", "GET", "/observation-periods/{tenure_id}/{year}"): r({*APPRAISAL_READERS, "manager"}, absent_ok=True),
    ("appraisal", "POST", "/observation-periods/{tenure_id}/{year}/conclusion"): r({"appraisal_committee"}),
    # payroll
    ("payroll", "POST", "/pay-plans"): r({"payroll_officer"}, body=lambda i: {"tenure_id": i["t1"], "base": "1", "performance": "1"}),
    ("payroll", "POST", "/pay-plans/batch"): r({"payroll_officer"}, body=lambda i: {"items": [
        {"tenure_id": i["t1"], "base": "1", "performance": "1"}]}),
    ("payroll", "POST", "/base-runs"): r({"payroll_officer"}, body=lambda i: {"enterprise_id": i["e1"], "period": "2022-04"}),
    ("payroll", "POST", "/periods/closing"): r({"payroll_officer"}, body=lambda i: {"enterprise_id": i["e1"], "period": "2022-04"}),
    ("payroll", "POST", "/clawbacks"): r({"payroll_officer"}, body=lambda i: {
        "tenure_id": i["t1"], "amount": "1.00", "reason": "追索", "decision_ref": "决议1号", "period": "2022-05"}),
    ("payroll", "GET", "/supervision/pay"): r(SUPERVISORS, "list"),
    ("payroll", "GET", "/accounts"): r(PAY_READERS, "list"),
    ("payroll", "GET", "/accounts/{tenure_id}"): r(PAY_READERS),
    ("payroll", "GET", "/payslips"): r(PAY_READERS),
    ("payroll", "GET", "/statements"): r(PAY_READERS),
    ("payroll", "GET", "/payslips/export"): r({"payroll_officer", "integration", "auditor"}),
}
for service in ("contract", "appraisal", "payroll"):  # the routes every service has
    MATRIX |= {
        (service, "GET", "/events"): r({"auditor", "integration", "operations"}, "group"),
        (service, "POST", "/inbox"): r(set(), "inbox"),
        (service, "GET", "/verify"): r({"auditor", "operations"}, "group"),
        (service, "GET", "/deliveries"): r({"auditor", "operations"}, "group"),
        (service, "POST", "/verify"): r({"auditor", "operations"}, "group"),
        (service, "GET", "/record-parts/{manager_id}"): r(RECORD),
        (service, "POST", "/read-models/rebuild"): r({"operations"}, "group"),
        (service, "GET", "/access-log"): r({"auditor"}),
        (service, "GET", "/health"): r(EVERYONE, "public"),
        (service, "GET", "/ready"): r(EVERYONE, "public"),
    }

QUERY = {  # required query parameters, by name
    "enterprise_id": "e1", "tenure_id": "t1", "manager_id": "m01", "on": "2022-06-30", "period": "2022-03",
    "year": 2022, "from": "2022-01-01",
}
PATH = {"enterprise_id": "e1", "manager_id": "m01", "tenure_id": "t1", "appraisal_id": "a1", "bid_id": "bid",
        "policy_id": "policy"}


def operations(apps: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    found = {}
    for service, app in apps.items():
        for path, methods in app.openapi()["paths"].items():
            for method, operation in methods.items():
                found[(service, method.upper(), path)] = operation
    return found


def request_for(op: tuple[str, str, str], operation: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    service, method, path = op
    url = path
    for name, key in PATH.items():
        url = url.replace("{" + name + "}", ids[key])
    url = url.replace("{key}", "annual-2022").replace("{objection_id}", "00000000-0000-4000-8000-000000000000")
    url = url.replace("{year}", "2022")
    params = {p["name"]: (ids[QUERY[p["name"]]] if QUERY[p["name"]] in ids else QUERY[p["name"]])
              for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")}
    return {"method": method, "url": url, "params": params}


def headers_of(role: str, scope: str) -> dict[str, str]:
    enterprise = {"own": "E1", "other": "E2", "group": "*"}[scope]
    code = {"own": "M01", "other": "M02", "group": "M01"}[scope] if role == "manager" else None
    return bearer(f"matrix.{role}.{scope}", [f"{role}@{enterprise}"], manager_code=code)


def expected(rule: Rule, role: str | None, scope: str) -> str:
    """What the cell must answer: a status, "through" (let in) or "hidden" (200 without E1)."""
    if rule.scope == "public":
        return "200"
    if role is None or rule.scope == "inbox":
        return "401"
    if role not in rule.roles:
        return "403"
    if rule.scope == "group":
        return "through" if scope == "group" else "403"
    if rule.scope == "open" or scope != "other":
        return "through"
    return "hidden" if rule.scope == "list" else rule.other or "404"


async def store_sizes(apps: dict[str, Any]) -> tuple[int, ...]:
    sizes = []
    for app in apps.values():
        async with app.state.wiring.engine.connect() as conn:
            sizes.append(int(await conn.scalar(select(func.count()).select_from(events))))
    return tuple(sizes)


async def ask(clients: dict[str, httpx.AsyncClient], op: tuple[str, str, str], rule: Rule, world: World,
              operation: dict[str, Any], headers: dict[str, str], scope: str) -> Any:
    client = clients[op[0]]
    request = request_for(op, operation, world.ids)
    if op[1] != "POST":
        return await client.request(request["method"], request["url"], params=request["params"], headers=headers)
    body = rule.body(world.ids) if rule.body is not None and scope == "other" else {}
    if body == "upload":
        return await client.post(request["url"], headers=headers, files={
            "file": ("actuals.csv", b"manager_code,year,kpi_code,value\nM01,2022,K2,150\n", "text/csv")})
    return await client.post(request["url"], params=request["params"], json=body,
                             headers={**headers, "content-type": "application/json"})


async def test_every_operation_answers_every_role_in_every_scope_as_the_matrix_says(services3) -> None:
    apps = services3.apps
    world = await seed(services3)
    found = operations(apps)
    missing = sorted(set(found) - set(MATRIX))
    assert not missing, f"operations missing from the matrix: {missing}"
    gone = sorted(set(MATRIX) - set(found))
    assert not gone, f"the matrix names operations that no longer exist: {gone}"

    # clients with no headers of their own: each cell sends its token, or none
    clients = {n: httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url=f"http://{n}") for n, a in apps.items()}
    wrong: list[str] = []
    cells = 0
    for op, rule in sorted(MATRIX.items()):
        cases = [(None, "none")] + [(role, scope) for role in ROLES for scope in ("own", "other", "group")]
        for role, scope in cases:
            cells += 1
            want = expected(rule, role, scope)
            headers = headers_of(role, scope) if role else {}
            before = await store_sizes(apps) if want in {"401", "403", "404"} else None
            answer = await ask(clients, op, rule, world, found[op], headers, scope)
            got = answer.status_code
            if want == "through":
                absent = rule.absent_ok and got == 404 and not answer.json()["detail"].startswith("no such")
                good = absent or (got not in (401, 403, 404) and got < 500)
            elif want == "hidden":
                good = got == 200 and not any(secret in answer.text for secret in world.secret_ids())
            else:
                good = str(got) == want
            if before is not None and good and await store_sizes(apps) != before:
                good, want = False, f"{want} writing nothing"
            if not good:
                wrong.append(f"{op[0]} {op[1]} {op[2]} as {role or 'no token'}@{scope}: want {want}, got {got} "
                             f"{answer.text[:160]}")
    for client in clients.values():
        await client.aclose()
    print(f"authorization matrix: {len(MATRIX)} operations, {cells} cells")
    assert not wrong, f"{len(wrong)} of {cells} cells answer otherwise:\n" + "\n".join(wrong)


async def test_an_enterprise_auditor_verifies_a_managers_record_across_the_services_but_not_a_whole_service(
    services3,
) -> None:
    world = await seed(services3)
    auditor = bearer("audit.e1", ["auditor@E1"])
    report = await services3.contract.get(f"/tenure-records/{world.ids['m01']}/verification", headers=auditor)
    assert report.status_code == 200, report.text
    assert report.json()["intact"] is True and set(report.json()["services"]) == {"contract", "appraisal", "payroll"}
    assert (await services3.payroll.get("/verify", headers=auditor)).status_code == 403
    other = await services3.payroll.get("/verify", params={"manager_id": world.ids["m02"]}, headers=auditor)
    assert other.status_code == 404
