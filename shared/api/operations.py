"""Liveness and readiness, the two questions an orchestrator (Kubernetes probes, a load balancer) asks.

`/health` is liveness: the process answers, whatever its database does; restarting it would not help an outage.
`/ready` is readiness: the database answers within READY_TIMEOUT_SECONDS, its schema is at this code's
migration head, and the background deliveries (relay, inbox, broker receiver) are running. Anything else is a
503 problem+json with Retry-After naming the check that failed (`field`) and its rule, so traffic goes
elsewhere until it clears. Both are public: they say nothing about anyone's data.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from sqlalchemy import text

from shared.errors import ServiceUnavailableError
from shared.eventstore.outages import is_outage
from shared.migrations import current_revision, head_revision

READY_TIMEOUT_SECONDS = 2.0


@dataclass
class Readiness:
    """What `/ready` checks; the lifespan fills in `workers` (None while the deliveries are stepped by hand)."""

    migrations: Path
    workers: list[asyncio.Task[None]] | None = field(default=None)
    _head: str | None = field(default=None, init=False)

    @property
    def head(self) -> str | None:
        if self._head is None:
            self._head = head_revision(self.migrations)
        return self._head


def operations_router(service: str, database: str, readiness: Readiness) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness: the process answers (the database is /ready's question)")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": service, "database": database}

    @router.get("/ready", summary="Readiness: database reachable, migrations at head, deliveries running",
                description="200 when all three hold; otherwise 503 with Retry-After, `field` naming the check "
                            "that failed (`database`, `migrations`, `deliveries`) and `rule` its rule.")
    async def ready(request: Request) -> dict[str, str]:
        await _check_database(request.app.state.wiring.engine, readiness)
        _check_deliveries(readiness.workers)
        return {"status": "ready", "service": service, "database": "ok", "migrations": readiness.head or "",
                "deliveries": "running" if readiness.workers else "stepped"}

    return router


async def _check_database(engine, readiness: Readiness) -> None:  # type: ignore[no-untyped-def]
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                await conn.rollback()
            current = await current_revision(engine)
    except TimeoutError:
        raise _unavailable(f"the database did not answer within {READY_TIMEOUT_SECONDS:g} s", "database",
                           "database_available") from None
    except Exception as error:
        if not is_outage(error):
            raise
        raise _unavailable("the database does not answer", "database", "database_available") from None
    if current != readiness.head:
        raise _unavailable(f"the database schema is at {current or 'no revision'}, this code needs {readiness.head}",
                           "migrations", "migrations_at_head")


def _check_deliveries(workers: list[asyncio.Task[None]] | None) -> None:
    stopped = [task.get_name() for task in workers or [] if task.done()]
    if stopped:
        raise _unavailable(f"background deliveries stopped: {', '.join(stopped)}", "deliveries", "deliveries_running")


def _unavailable(detail: str, what: str, rule: str) -> ServiceUnavailableError:
    return ServiceUnavailableError(detail, field=what, rule=rule)
