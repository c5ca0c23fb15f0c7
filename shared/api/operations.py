"""Liveness and readiness, the two questions an orchestrator (Kubernetes probes, a load balancer) asks.

`/health` is liveness: the process answers, whatever its database does; restarting it would not help an outage.
`/ready` is readiness: the database answers within READY_TIMEOUT_SECONDS, its schema is at this code's
migration head, and the background deliveries (relay, inbox, broker receiver) are running. Anything else is a
503 problem+json with Retry-After naming the check that failed (`field`) and its rule, so traffic goes
elsewhere until it clears. Both are public: they say nothing about anyone's data.

A database that answers but takes no writes (a standby, a database set read-only) is ready, with `"database":
"read-only"`: every replica shares it, so taking them all out of service would refuse the reads they can still
answer; the writes get 503 with Retry-After each, and the body tells operations why.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from sqlalchemy import text

from shared.errors import ServiceUnavailableError
from shared.eventstore.outages import is_outage
from shared.schema import head_revision, revision_of

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
        writable = await _check_database(request.app.state.wiring.engine, readiness)
        _check_deliveries(readiness.workers)
        return {"status": "ready", "service": service, "database": "ok" if writable else "read-only",
                "migrations": readiness.head or "",
                "deliveries": "running" if readiness.workers else "stepped"}

    return router


async def _check_database(engine, readiness: Readiness) -> bool:  # type: ignore[no-untyped-def]
    """Raise unless the database answers at this code's head; whether it takes writes."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with engine.connect() as conn:  # one connection: the database answers, and at which revision
                writable = engine.dialect.name != "postgresql" or (
                    await conn.scalar(text("SELECT current_setting('transaction_read_only')")) == "off")
                current = await revision_of(conn)
                await conn.rollback()
    except TimeoutError:
        raise ServiceUnavailableError(f"the database did not answer within {READY_TIMEOUT_SECONDS:g} s",
                                      field="database", rule="database_available") from None
    except Exception as error:
        if not is_outage(error):
            raise
        raise ServiceUnavailableError("the database does not answer", field="database",
                                      rule="database_available") from None
    if current != readiness.head:
        raise ServiceUnavailableError(
            f"the database schema is at {current or 'no revision'}, this code needs {readiness.head}",
            field="migrations", rule="migrations_at_head")
    return writable


def _check_deliveries(workers: list[asyncio.Task[None]] | None) -> None:
    stopped = [task.get_name() for task in workers or [] if task.done()]
    if stopped:
        raise ServiceUnavailableError(f"background deliveries stopped: {', '.join(stopped)}", field="deliveries",
                                      rule="deliveries_running")
