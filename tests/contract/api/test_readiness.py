"""`/health` says the process is alive and nothing more; `/ready` says whether it can serve: the database answers,
its schema is at this code's head, and the background deliveries run. A failed check is a 503 with Retry-After
naming it; neither needs a token."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from services.contract_svc.main import SPEC, create_app
from services.contract_svc.settings import Settings
from shared.migrations import upgrade_async
from tests.databases import migrated_database_url, release_database


def _client(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://contract")


async def test_ready_names_each_check_it_passed_and_health_needs_nothing(contract_app) -> None:  # type: ignore[no-untyped-def]
    async with _client(contract_app) as http:
        ready, health = await http.get("/ready"), await http.get("/health")
    assert ready.status_code == 200, ready.text
    assert ready.json() | {"migrations": "head"} == {"status": "ready", "service": "contract", "database": "ok",
                                                    "migrations": "head", "deliveries": "stepped"}
    assert ready.json()["migrations"] == contract_app.state.readiness.head
    assert health.status_code == 200 and health.json()["status"] == "ok"


async def test_a_schema_behind_the_code_is_not_ready_and_says_so(backend: str, tmp_path: Path) -> None:
    url = await migrated_database_url(backend, tmp_path, SPEC.migrations)
    app = create_app(Settings(database_url=url, relay_enabled=False))
    async with app.router.lifespan_context(app), _client(app) as http:
        await asyncio.to_thread(_downgrade_one, url)
        answer = await http.get("/ready")
        alive = await http.get("/health")
        await upgrade_async(SPEC.migrations, url)
        back = await http.get("/ready")
    await release_database(url)
    assert answer.status_code == 503 and answer.headers["retry-after"].isdigit(), answer.text
    assert (answer.json()["field"], answer.json()["rule"]) == ("migrations", "migrations_at_head")
    assert alive.status_code == 200, "liveness does not depend on the schema"
    assert back.status_code == 200, back.text


async def test_stopped_deliveries_are_not_ready(backend: str, tmp_path: Path) -> None:
    url = await migrated_database_url(backend, tmp_path, SPEC.migrations)
    app = create_app(Settings(database_url=url, relay_enabled=True))
    async with app.router.lifespan_context(app), _client(app) as http:
        running = await http.get("/ready")
        inbox = app.state.readiness.workers[0]
        inbox.cancel()
        await asyncio.gather(inbox, return_exceptions=True)
        stopped = await http.get("/ready")
    await release_database(url)
    assert running.status_code == 200 and running.json()["deliveries"] == "running", running.text
    assert stopped.status_code == 503, stopped.text
    assert (stopped.json()["field"], stopped.json()["rule"]) == ("deliveries", "deliveries_running")
    assert "inbox" in stopped.json()["detail"]


def _downgrade_one(url: str) -> None:
    from alembic import command

    from shared.migrations import alembic_config

    command.downgrade(alembic_config(SPEC.migrations, url), "-1")
