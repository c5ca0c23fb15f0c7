"""The command routes the concurrency faults drive: for each, the state it needs (built through the APIs with the
test helpers of each service) and the body of the i-th of many writers, and how many events its stream holds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tests.appraisal.api.helpers import YEAR, actual, group
from tests.contract.api.helpers import created
from tests.payroll.api.helpers import pay_group, run
from tests.payroll.conftest import Services3

WAIT = 60  # seconds: the bound on one burst of concurrent requests


@dataclass
class Target:
    """Where the writers post (`path` on `api`) and what: `body(i)`; `read` is the stream's GET (its ETag)."""

    api: httpx.AsyncClient
    path: str
    body: Callable[[int], dict[str, Any]]
    read: str
    params: dict[str, Any]

    async def version(self) -> int:
        response = await self.api.get(self.read, params=self.params)
        assert response.status_code == 200, response.text
        return int(response.headers["etag"].strip('W/"'))


async def _ledger(services: Services3) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A member whose ledger is opened by one unaudited actual; the ledger's GET and that entry's id."""
    [member] = await group(services, size=1)
    opened = await created(services.appraisal.post("/actuals", json=actual(member, "profit", "1200", audited=False)))
    return member, {"tenure_id": member["tenure_id"], "year": YEAR}, opened["entries"][0]["entry_id"]


async def actuals(services: Services3) -> Target:
    member, params, _ = await _ledger(services)
    return Target(services.appraisal, "/actuals", lambda i: actual(member, "revenue", str(10000 + i)), "/actuals",
                  params)


async def ratings(services: Services3) -> Target:
    member, params, _ = await _ledger(services)
    body = {"tenure_id": member["tenure_id"], "year": YEAR, "kpi_code": "party"}
    return Target(services.appraisal, "/ratings",
                  lambda i: {**body, "evaluator": f"评委{i:02d}", "rating": str(50 + i % 50)}, "/actuals", params)


async def corrections(services: Services3) -> Target:
    member, params, entry_id = await _ledger(services)
    body = {"tenure_id": member["tenure_id"], "year": YEAR, "entry_id": entry_id, "reason": "审计调整"}
    return Target(services.appraisal, "/actuals/corrections", lambda i: {**body, "value": str(1300 + i)}, "/actuals",
                  params)


async def clawbacks(services: Services3) -> Target:
    [member] = await pay_group(services)
    await run(services, [member], "2023-01")
    body = {"tenure_id": member["tenure_id"], "reason": "经营数据经审计调减，追索扣回",
            "decision_ref": "董事会决议〔2023〕9号", "period": "2023-01"}
    return Target(services.payroll, "/clawbacks", lambda i: {**body, "amount": f"{1 + i}.00"},
                  f"/accounts/{member['tenure_id']}", {})


async def enterprises(services: Services3) -> Target:
    """A command that creates its stream: only for duplicates of one key (there is no version to match)."""
    body = {"name_zh": "成渝科技有限公司", "has_board": True, "category": "market"}
    return Target(services.contract, "/enterprises", lambda i: {**body, "code": f"E{i:02d}"}, "", {})


IF_MATCH_ROUTES: dict[str, Callable[[Services3], Awaitable[Target]]] = {
    "actuals": actuals, "ratings": ratings, "corrections": corrections, "clawbacks": clawbacks}


async def burst(requests: list[Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Every request sent at once, bounded in time."""
    return await asyncio.wait_for(asyncio.gather(*requests), WAIT)


def statuses(answers: list[httpx.Response]) -> dict[int, int]:
    found: dict[int, int] = {}
    for answer in answers:
        found[answer.status_code] = found.get(answer.status_code, 0) + 1
    return found
