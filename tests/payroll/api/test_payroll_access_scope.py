"""Who may see and move pay (issue 9; DOMAIN.md "Pay"): pay figures only to the payroll officer, the HR of the
manager's enterprise, auditors and the manager themself; outside one's enterprise a tenure looks exactly like
one that does not exist (404); a role without the permission is refused (403). Every read of an account, a
payslip, a statement or an export is in the access log, for an auditor to list per manager."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

import httpx
from fastapi.routing import APIRoute

from services.payroll_svc.api import pay
from shared.api.security import route_permission
from tests.appraisal.api.helpers import as_manager
from tests.auth import person
from tests.contract.api.helpers import assert_problem, created
from tests.payroll.api.helpers import pay_group, refused, run
from tests.payroll.conftest import Services3

PAYROLL_OFFICER = person("钱会计", "payroll_officer@E1", subject="payroll.qian")
ENTERPRISE_HR = person("孙人事", "enterprise_hr@E1", subject="hr.sun")
AUDITOR = person("周审计", "auditor@*", subject="audit.zhou")
OTHER_HR = person("吴人事", "enterprise_hr@E2", subject="hr.wu")
OTHER_PAYROLL = person("郑会计", "payroll_officer@E2", subject="payroll.zheng")
BOARD_MEMBER = person("冯董事", "board_member@E1", subject="board.feng")
CHAIRMAN = person("王董", "chairman@E1", subject="board.wang")
READ_ROUTES = ("GET /accounts/{tenure_id}", "GET /payslips", "GET /statements")


async def paid_members(services: Services3) -> list[dict[str, Any]]:
    """M01 and M02 of E1, paid the base of 2023-01."""
    members = await pay_group(services, size=2)
    await run(services, members, "2023-01")
    return members


def reads(api: httpx.AsyncClient, member: dict[str, Any], headers: dict[str, str]) -> list[Any]:
    """The member's account, 2023-01 payslip and 2023 statement, read with `headers`."""
    tenure = member["tenure_id"]
    return [
        api.get(f"/accounts/{tenure}", headers=headers),
        api.get("/payslips", params={"tenure_id": tenure, "period": "2023-01"}, headers=headers),
        api.get("/statements", params={"tenure_id": tenure, "year": 2023}, headers=headers),
    ]


async def statuses(api: httpx.AsyncClient, member: dict[str, Any], headers: dict[str, str]) -> list[int]:
    return [(await request).status_code for request in reads(api, member, headers)]


async def access_log(services: Services3, member: dict[str, Any]) -> list[dict[str, Any]]:
    response = await services.payroll.get("/access-log", params={"manager_id": member["manager_id"]}, headers=AUDITOR)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_payroll_route_declares_the_permission_it_needs() -> None:
    declared = {f"{next(iter(r.methods))} {r.path}": route_permission(r) for r in pay.router.routes
                if isinstance(r, APIRoute)}
    assert declared == {
        "POST /pay-plans": "pay.run", "POST /pay-plans/batch": "pay.run", "POST /base-runs": "pay.run", "POST /periods/closing": "pay.run",
        "POST /clawbacks": "pay.clawback", "GET /accounts": "pay.read", "GET /accounts/{tenure_id}": "pay.read",
        "GET /payslips": "pay.read",
        "GET /statements": "pay.read", "GET /payslips/export": "pay.export",
    }


async def test_pay_figures_are_read_by_payroll_the_enterprise_hr_an_auditor_and_the_manager_themself(
        services3: Services3) -> None:
    m01, _ = await paid_members(services3)
    for headers in (PAYROLL_OFFICER, ENTERPRISE_HR, AUDITOR, as_manager(m01)):
        assert await statuses(services3.payroll, m01, headers) == [200, 200, 200]
    slip = await services3.payroll.get("/payslips", params={"tenure_id": m01["tenure_id"], "period": "2023-01"},
                                       headers=as_manager(m01))
    assert [line["amount"] for line in slip.json()["lines"]] == ["16666.67"]


async def test_pay_figures_of_another_enterprise_look_as_if_they_did_not_exist(services3: Services3) -> None:
    m01, _ = await paid_members(services3)
    for request in reads(services3.payroll, m01, OTHER_HR):
        assert_problem(await request, 404)
    export = {"enterprise_id": m01["enterprise_id"], "period": "2023-01"}
    assert_problem(await services3.payroll.get("/payslips/export", params=export, headers=OTHER_PAYROLL), 404)
    assert await access_log(services3, m01) == []  # a refused read shows nothing and is no read


async def test_a_board_member_may_not_read_pay_figures(services3: Services3) -> None:
    m01, _ = await paid_members(services3)
    for headers in (BOARD_MEMBER, CHAIRMAN):  # the chairman is a board member with more (policy.csv `g`)
        for request in reads(services3.payroll, m01, headers):
            assert_problem(await request, 403, "Authorization", "role_required")


async def test_a_manager_reads_their_own_pay_and_not_a_colleagues(services3: Services3) -> None:
    m01, m02 = await paid_members(services3)
    assert await statuses(services3.payroll, m02, as_manager(m01)) == [404, 404, 404]
    assert await statuses(services3.payroll, m02, as_manager(m02)) == [200, 200, 200]


async def test_a_manager_may_not_export_run_pay_or_claw_back(services3: Services3) -> None:
    m01, _ = await paid_members(services3)
    me = as_manager(m01)
    export = {"enterprise_id": m01["enterprise_id"], "period": "2023-01"}
    assert_problem(await services3.payroll.get("/payslips/export", params=export, headers=me), 403)
    clawback = {"tenure_id": m01["tenure_id"], "amount": "1.00", "reason": "自行追回", "decision_ref": "无",
                "period": "2023-01"}
    await refused(services3, services3.payroll.post("/clawbacks", json=clawback, headers=me), 403, "Authorization",
                  "role_required")
    body = {"enterprise_id": m01["enterprise_id"], "period": "2023-02"}
    await refused(services3, services3.payroll.post("/base-runs", json=body, headers=me), 403, "Authorization",
                  "role_required")


async def test_the_payroll_officer_of_another_enterprise_moves_no_pay_here(services3: Services3) -> None:
    [planned, unplanned] = await pay_group(services3, size=2, plan=False)
    await created(services3.payroll.post("/pay-plans", json={"tenure_id": planned["tenure_id"], "base": "200000",
                                                              "performance": "200000"}))
    api, enterprise = services3.payroll, planned["enterprise_id"]
    plan = {"tenure_id": unplanned["tenure_id"], "base": "200000", "performance": "200000"}
    await refused(services3, api.post("/pay-plans", json=plan, headers=OTHER_PAYROLL), 404, "tenure_id", "known_tenure")
    period = {"enterprise_id": enterprise, "period": "2023-01"}
    for url in ("/base-runs", "/periods/closing"):
        await refused(services3, api.post(url, json=period, headers=OTHER_PAYROLL), 404, "enterprise_id",
                      "planned_enterprise")
    clawback = {"tenure_id": planned["tenure_id"], "amount": "1.00", "reason": "违规发放", "decision_ref": "董事会决议",
                "period": "2023-01"}
    await refused(services3, api.post("/clawbacks", json=clawback, headers=OTHER_PAYROLL), 404, "tenure_id",
                  "known_tenure")
    await created(api.post("/base-runs", json=period, headers=PAYROLL_OFFICER))  # the enterprise's own officer may


async def test_a_tenure_out_of_reach_answers_exactly_as_an_unknown_one(services3: Services3) -> None:
    [member] = await pay_group(services3, plan=False)
    unknown = str(uuid4())
    answers = []
    for tenure, headers in ((member["tenure_id"], OTHER_PAYROLL), (unknown, PAYROLL_OFFICER)):
        plan = {"tenure_id": tenure, "base": "200000", "performance": "200000"}
        problem = assert_problem(await services3.payroll.post("/pay-plans", json=plan, headers=headers), 404)
        answers.append({**problem, "detail": problem["detail"].replace(tenure, "<id>")})
    assert answers[0] == answers[1]


async def test_a_command_records_the_officer_and_the_grant_it_was_allowed_through(services3: Services3) -> None:
    [member] = await pay_group(services3)
    await run(services3, [member], "2023-01")
    clawback = {"tenure_id": member["tenure_id"], "amount": "100.00", "reason": "违规发放津贴",
                "decision_ref": "董事会决议〔2023〕4号", "period": "2023-01"}
    await created(services3.payroll.post("/clawbacks", json=clawback, headers=PAYROLL_OFFICER))
    for _ in range(100):  # on PostgreSQL the feed shows a commit once no older transaction is open on the server
        feed = await services3.payroll.get("/events", params={"limit": 1000}, headers=AUDITOR)
        if found := [e for e in feed.json()["events"] if e["type"].endswith("LineAdded") and e["actor"] == "payroll.qian"]:
            break
        await asyncio.sleep(0.05)
    [event] = found
    assert (event["actor_name"], event["actor_roles"]) == ("钱会计", ["payroll_officer@E1"])


async def test_each_read_of_pay_is_in_the_access_log_with_who_when_what_and_from_where(services3: Services3) -> None:
    m01, m02 = await paid_members(services3)
    for request in reads(services3.payroll, m01, PAYROLL_OFFICER):
        assert (await request).status_code == 200
    for request in reads(services3.payroll, m01, as_manager(m01)):
        assert (await request).status_code == 200
    logged = await access_log(services3, m01)
    assert len(logged) == 6
    officer = [row for row in logged if row["subject"] == "payroll.qian"]
    assert sorted(row["action"] for row in officer) == sorted(READ_ROUTES)
    assert {(row["name"], tuple(row["roles"]), row["manager_id"]) for row in officer} == {
        ("钱会计", ("payroll_officer@E1",), m01["manager_id"])}
    assert {row["path"] for row in officer} == {f"/accounts/{m01['tenure_id']}", "/payslips", "/statements"}
    assert all(row["at"] and row["client"] for row in logged)  # when, and from which address
    assert {row["subject"] for row in logged} == {"payroll.qian", f"manager-{m01['code']}"}
    assert await access_log(services3, m02) == []  # M01's reads are not M02's


async def test_an_export_is_a_read_of_the_pay_of_every_manager_in_it(services3: Services3) -> None:
    m01, m02 = await paid_members(services3)
    export = {"enterprise_id": m01["enterprise_id"], "period": "2023-01", "format": "xlsx"}
    assert (await services3.payroll.get("/payslips/export", params=export, headers=PAYROLL_OFFICER)).status_code == 200
    for member in (m01, m02):
        [row] = await access_log(services3, member)
        assert (row["subject"], row["action"]) == ("payroll.qian", "GET /payslips/export")


async def test_only_an_auditor_lists_who_read_a_managers_pay(services3: Services3) -> None:
    m01, _ = await paid_members(services3)
    for headers in (PAYROLL_OFFICER, ENTERPRISE_HR, as_manager(m01)):
        response = await services3.payroll.get("/access-log", params={"manager_id": m01["manager_id"]}, headers=headers)
        assert_problem(response, 403, "Authorization", "role_required")


async def test_the_account_list_pages_what_the_grants_reach_and_a_manager_sees_only_their_own(
        services3: Services3) -> None:
    m01, m02 = await paid_members(services3)
    mine = {m01["tenure_id"], m02["tenure_id"]}
    first = (await services3.payroll.get("/accounts", params={"page_size": 1}, headers=PAYROLL_OFFICER)).json()
    second = (await services3.payroll.get("/accounts", params={"page_size": 1, "page": 2},
                                          headers=PAYROLL_OFFICER)).json()
    assert (first["total"], {first["items"][0]["tenure_id"], second["items"][0]["tenure_id"]}) == (2, mine)
    assert first["items"][0]["base"] == "200000.00"  # as the read model keeps it, to the cent
    other = (await services3.payroll.get("/accounts", headers=OTHER_PAYROLL)).json()
    assert (other["total"], other["items"]) == (0, [])
    own = (await services3.payroll.get("/accounts", headers=as_manager(m01))).json()
    assert [item["tenure_id"] for item in own["items"]] == [m01["tenure_id"]]
    # M02 is on one of the officer's two pages: one read of their pay
    assert [row["action"] for row in await access_log(services3, m02)] == ["GET /accounts"]
