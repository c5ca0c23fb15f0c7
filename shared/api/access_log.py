"""Who looked at whose pay, payslips and tenure record: one row per read, kept in the service's own store.

A read of personal data is recorded once the caller has been let through, before the answer is built, in
its own short transaction (a read that fails afterwards was still an attempt to see the data).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import Request
from pydantic import BaseModel
from sqlalchemy import insert

from shared.auth.scope import Access
from shared.eventstore.tables import access_log


class AccessPublic(BaseModel):
    at: datetime
    subject: str
    name: str
    roles: list[str]
    action: str
    path: str
    manager_id: str
    client: str | None


async def log_access(request: Request, access: Access, manager_id: str | UUID) -> None:
    """Record that the caller read this manager's personal data through the current route."""
    route = request.scope.get("route")
    action = f"{request.method} {getattr(route, 'path', request.url.path)}"
    wiring = request.app.state.wiring
    async with wiring.engine.begin() as conn:
        await conn.execute(insert(access_log).values(
            at=wiring.clock(), subject=access.principal.subject, name=access.principal.name,
            roles=",".join(access.acted_in()), action=action[:200], path=str(request.url.path)[:500],
            manager_id=str(manager_id), client=request.client.host if request.client else None,
        ))
