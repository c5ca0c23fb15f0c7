"""What a request body points at (an enterprise, a manager, a bid), as the enterprise and manager it belongs
to: what the caller's grants are matched with before a command is decided."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from services.contract_svc.adapters.read_models import bids_view
from shared.auth.scope import Directory, Target, TargetFinder
from shared.eventstore.db import read_connection


async def enterprise_target(directory: Directory, enterprise_id: UUID | str) -> Target | None:
    found = await directory.code(directory.enterprises, str(enterprise_id))
    return Target(str(enterprise_id)) if found is not None else None


async def manager_target(directory: Directory, manager_id: UUID | str) -> Target | None:
    """The manager's enterprise and the manager."""
    return await directory.target(directory.managers, str(manager_id))


async def bid_target(directory: Directory, bid_id: UUID | str) -> Target | None:
    """The enterprise that published the bid (a bid belongs to no manager until one takes it)."""
    async with read_connection(directory.engine) as conn:
        enterprise_id = await conn.scalar(select(bids_view.c.enterprise_id).where(bids_view.c.id == str(bid_id)))
    return Target(str(enterprise_id)) if enterprise_id is not None else None


def bid_at(param: str = "bid_id") -> TargetFinder:
    """For `allow(...)`: the bid named by a path parameter."""
    async def find(directory: Directory, params: dict[str, Any]) -> Target | None:
        return await bid_target(directory, params[param])
    return find
