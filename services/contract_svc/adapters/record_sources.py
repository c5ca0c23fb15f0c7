"""Fetching the other services' parts of a tenure record over HTTP, all at once, as the caller.

The caller's own `Authorization` goes with each request: a peer decides for itself whether that caller may
read the manager's part (record.read, logged in the peer's access log) or verify its chains.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx

RECORD_PEERS = ("appraisal", "payroll")


async def fetch_parts(
    client: httpx.AsyncClient, peers: Mapping[str, str], manager_id: UUID, as_of: datetime,
    headers: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Each peer's part, or {"error": ...} for one that is not configured, down or refusing."""
    names = list(RECORD_PEERS)
    answers = await asyncio.gather(*(_part(client, peers.get(n), n, manager_id, as_of, headers) for n in names))
    return dict(zip(names, answers, strict=True))


async def fetch_verification(
    client: httpx.AsyncClient, peers: Mapping[str, str], manager_id: UUID, heads: Mapping[str, list[Any]],
    headers: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Each peer's check of the manager's streams, and of the heads kept for it, when there are any."""
    names = list(RECORD_PEERS)
    answers = await asyncio.gather(
        *(_verify(client, peers.get(n), n, manager_id, heads.get(n, []), headers) for n in names)
    )
    return dict(zip(names, answers, strict=True))


async def _verify(client: httpx.AsyncClient, base: str | None, name: str, manager_id: UUID, heads: list[Any],
                  headers: Mapping[str, str] | None) -> dict[str, Any]:
    """The manager's streams checked, and compared with the heads kept for them when there are any: one request."""
    params = {"manager_id": str(manager_id)}
    if heads:
        return await ask_peer(client, base, name, "POST", "/verify", params=params, json=heads, headers=headers)
    return await ask_peer(client, base, name, "GET", "/verify", params=params, headers=headers)


async def _part(client: httpx.AsyncClient, base: str | None, name: str, manager_id: UUID, as_of: datetime,
                headers: Mapping[str, str] | None) -> dict[str, Any]:
    params = {"as_of": as_of.isoformat()}
    return await ask_peer(client, base, name, "GET", f"/record-parts/{manager_id}", params=params, headers=headers)


async def ask_peer(client: httpx.AsyncClient, base: str | None, name: str, method: str, path: str, **request: Any
               ) -> dict[str, Any]:
    """The peer's JSON answer, or {"error": ...} saying why there is none."""
    if not base:
        return {"error": f"the {name} service's URL is not configured (CONTRACT_SUBSCRIBERS)"}
    try:
        response = await client.request(method, f"{base.rstrip('/')}{path}", **request)
    except httpx.HTTPError as error:
        return {"error": f"the {name} service did not answer: {type(error).__name__}"}
    if response.status_code != 200:
        return {"error": f"the {name} service answered {response.status_code}: {response.text[:300]}"}
    answer: dict[str, Any] = response.json()
    return answer
