"""Building blocks for contract API tests: each posts through the public HTTP API and checks the answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx


async def created(response_coro) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = await response_coro
    assert response.status_code == 201, response.text
    return response.json()


async def enterprise(api: httpx.AsyncClient, code: str = "E1", has_board: bool = True, category: str = "market") -> dict:
    return await created(
        api.post("/enterprises", json={"code": code, "name_zh": "成渝科技有限公司", "category": category, "has_board": has_board})
    )


async def policy(api: httpx.AsyncClient, category: str = "market", **parameters: Any) -> dict:
    body = {"name": f"{category} policy", "category": category, "parameters": parameters, "effective_from": "2020-01-01"}
    return await created(api.post("/policies", json=body))


async def manager(api: httpx.AsyncClient, enterprise_id: str, code: str = "M01", position: str = "middle_manager",
                  level: str = "middle") -> dict:
    body = {"code": code, "name": "赵磊", "level": level, "position": position, "title": "部门负责人",
            "enterprise_id": enterprise_id}
    return await created(api.post("/managers", json=body))


def assert_problem(response: httpx.Response, status: int, field: str | None = None, rule: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"]
    if field is not None:
        assert body.get("field") == field, body
    if rule is not None:
        assert body.get("rule") == rule, body
    return body


async def event_count(api: httpx.AsyncClient) -> int:
    return len((await api.get("/events", params={"limit": 1000})).json()["events"])


async def assert_nothing_written_since(api: httpx.AsyncClient, moment: datetime) -> None:
    """No event recorded at or after `moment`, counted in one read of the feed.

    Comparing two reads fails at random on a PostgreSQL server shared with other work: the feed holds back
    events while an older transaction anywhere in the cluster is open (shared/eventstore/store.py)."""
    events = (await api.get("/events", params={"limit": 1000})).json()["events"]
    later = [e for e in events if datetime.fromisoformat(e["recorded_at"]) >= moment]
    assert later == [], f"{len(later)} event(s) written since {moment}"


async def events_when(api: httpx.AsyncClient, ready: Callable[[list[dict[str, Any]]], bool],
                      headers: dict[str, str] | None = None, seconds: float = 10.0) -> list[dict[str, Any]]:
    """The feed once `ready(events)` holds (or as it is after `seconds`), for tests of what was recorded.

    On a PostgreSQL server shared with other work the feed shows a committed event only once every older
    transaction in the cluster has finished (shared/eventstore/store.py), so a read right after a write may
    not show it yet."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        events = (await api.get("/events", params={"limit": 1000}, headers=headers)).json()["events"]
        if ready(events) or asyncio.get_running_loop().time() > deadline:
            return events
        await asyncio.sleep(0.05)
