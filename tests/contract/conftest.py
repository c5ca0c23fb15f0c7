"""The contract service on a freshly migrated database, on SQLite and on PostgreSQL, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from services.contract_svc.main import SPEC, create_app
from services.contract_svc.settings import Settings
from shared.migrations import upgrade_async
from tests.auth import staff

ACTOR = staff("hr.office")  # every staff role for the whole group; tests/security checks roles one by one


@pytest.fixture
async def contract_app(database_url: str):  # type: ignore[no-untyped-def]
    await upgrade_async(SPEC.migrations, database_url)
    app = create_app(Settings(database_url=database_url, relay_enabled=False))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def api(contract_app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=contract_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contract", headers=ACTOR) as client:
        yield client
