"""Building blocks for payroll API tests: tenures in force through the contract API, pay plans, monthly runs,
a year appraised to final through the appraisal API, and refusals that must leave the payroll untouched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tests.appraisal.api.helpers import YEAR, open_and_close, post_figures, sign_letter
from tests.contract.api.helpers import assert_problem, created, manager, policy
from tests.contract.api.tenure_helpers import bring_into_force, draft, governed_enterprise
from tests.payroll.conftest import Services3

D = Decimal
BASE, PERFORMANCE = "200000", "200000"  # a middle manager's plan: performance share 50 %, the floor
TARGET_2022 = D("167671.23")  # 200,000 × 306 / 365: the tenure runs from 2022-03-01
FINAL_ON = "2023-03-01"  # the day the 2022 appraisal becomes final: its pay goes on the 2023-03 payslip


async def pay_group(services: Services3, size: int = 1, starts: tuple[str, ...] = (), letters: bool = False,
                    plan: bool = True, revision: dict[str, Any] | None = None, **policy_parameters: Any
                    ) -> list[dict[str, Any]]:
    """`size` middle managers of one new enterprise under a policy with `policy_parameters` (and its `revision`,
    a version 2 body, when given), their tenures in force (from 2022-03-01 unless `starts` says otherwise) and
    learned; with `letters`, golden annual letters for 2022 signed by the chairman and by each manager in person
    (`tests.appraisal.api.helpers.sign_letter`); with `plan`, pay planned at 200,000 / 200,000."""
    api = services.contract
    enterprise = await governed_enterprise(api)
    adopted = await policy(api, enterprise["category"], **policy_parameters)
    if revision is not None:
        await created(api.post(f"/policies/{adopted['id']}/versions", json=revision))
    members = []
    for index in range(size):
        code = f"M{index + 1:02d}"
        registered = await manager(api, enterprise["id"], code)
        dates = {"start": starts[index]} if index < len(starts) else {}
        tenure = await bring_into_force(api, await draft(api, registered["id"], **dates))
        member = {"code": code, "index": index, "tenure_id": tenure["id"], "manager_id": registered["id"],
                  "name": registered["name"], "enterprise_id": enterprise["id"], "enterprise_code": enterprise["code"]}
        if letters:
            await sign_letter(services, member, YEAR)
        members.append(member)
    await services.deliver()
    if plan:
        for member in members:
            await plan_pay(services, member)
    return members


async def plan_pay(services: Services3, member: dict[str, Any], base: str = BASE, performance: str = PERFORMANCE
                   ) -> dict[str, Any]:
    body = {"tenure_id": member["tenure_id"], "base": base, "performance": performance}
    return await created(services.payroll.post("/pay-plans", json=body))


async def run(services: Services3, members: list[dict[str, Any]], *periods: str) -> list[dict[str, Any]]:
    """The monthly base runs of the members' enterprise for `periods`, in order; the lines each paid."""
    paid = []
    for period in periods:
        body = {"enterprise_id": members[0]["enterprise_id"], "period": period}
        paid.extend((await created(services.payroll.post("/base-runs", json=body)))["lines"])
    return paid


def months(year: int, first: int = 1, last: int = 12) -> list[str]:
    return [f"{year}-{month:02d}" for month in range(first, last + 1)]


async def account(services: Services3, member: dict[str, Any]) -> dict[str, Any]:
    response = await services.payroll.get(f"/accounts/{member['tenure_id']}")
    assert response.status_code == 200, response.text
    return response.json()


async def lines(services: Services3, member: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    """The member's payment lines, of one kind if told."""
    return [line for line in (await account(services, member))["lines"] if kind in (None, line["kind"])]


async def payslip(services: Services3, member: dict[str, Any], period: str) -> dict[str, Any]:
    response = await services.payroll.get("/payslips", params={"tenure_id": member["tenure_id"], "period": period})
    assert response.status_code == 200, response.text
    return response.json()


async def appraised(services: Services3, members: list[dict[str, Any]], overrides: Sequence[dict[str, Any]] = (),
                    final_on: str = FINAL_ON) -> dict[str, Any]:
    """The members' golden 2022 figures, their appraisal closed, confirmed (with `overrides`), final on
    `final_on`, and the result delivered to the payroll."""
    await post_figures(services, members)
    closed = await open_and_close(services, members)
    url = f"/appraisals/{closed['id']}"
    confirmation = {"decided_on": "2023-01-25", "overrides": list(overrides)}
    await created(services.appraisal.post(f"{url}/confirmation", json=confirmation))
    final = await created(services.appraisal.post(f"{url}/finalisation", json={"on": final_on}))
    await services.deliver()
    return final


async def revised(services: Services3, final: dict[str, Any], member: dict[str, Any], revenue: str,
                  decided_on: str) -> dict[str, Any]:
    """The member's 2022 revenue corrected to `revenue`, the final appraisal revised on it, delivered."""
    ledger = await services.appraisal.get("/actuals", params={"tenure_id": member["tenure_id"], "year": YEAR})
    entry = [e for e in ledger.json()["entries"] if e["kpi_code"] == "revenue"][-1]  # the latest figure
    correction = {"tenure_id": member["tenure_id"], "year": YEAR, "entry_id": entry["entry_id"], "value": revenue,
                  "reason": "审计调整：收入确认跨期"}
    await created(services.appraisal.post("/actuals/corrections", json=correction))
    body = {"tenure_id": member["tenure_id"], "reason": "审计调整，董事会决议〔2023〕7号", "decision_ref": "董事会决议〔2023〕7号",
            "decided_on": decided_on}
    again = await created(services.appraisal.post(f"/appraisals/{final['id']}/revision", json=body))
    await services.deliver()
    return again


async def payroll_events(services: Services3) -> list[dict[str, Any]]:
    response = await services.payroll.get("/events", params={"limit": 1000})
    assert response.status_code == 200, response.text
    return response.json()["events"]


async def refused(services: Services3, request: Any, status: int, field: str, rule: str) -> dict[str, Any]:
    """Send a request that must be refused with a problem naming `field` and `rule`; the payroll's event count
    must stay what it was. Counted in one read, by recording time (see tests/appraisal/api/helpers.py
    `assert_nothing_written_since`: on PostgreSQL a feed read earlier may lack events committed already)."""
    sent_at = datetime.now(UTC)
    problem = assert_problem(await request, status, field, rule)
    events = await payroll_events(services)
    written = [e for e in events if datetime.fromisoformat(e["recorded_at"]) >= sent_at]
    assert not written, f"a refused request wrote {[e['type'] for e in written]}"
    return problem


def amounts(found: list[dict[str, Any]]) -> list[str]:
    return [line["amount"] for line in found]
