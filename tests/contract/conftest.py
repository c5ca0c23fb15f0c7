"""The contract service on a freshly migrated database, on SQLite and on PostgreSQL, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from services.contract_svc.main import SPEC, create_app
from services.contract_svc.settings import Settings
from tests.auth import staff
from tests.databases import migrated_database_url, release_database

ACTOR = staff("hr.office")  # every staff role for the whole group; tests/security checks roles one by one


@pytest.fixture
async def contract_app(backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    database_url = await migrated_database_url(backend, tmp_path, SPEC.migrations)
    app = create_app(Settings(database_url=database_url, relay_enabled=False))
    async with app.router.lifespan_context(app):
        yield app
    await release_database(database_url)


@pytest.fixture
async def api(contract_app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=contract_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://contract", headers=ACTOR) as client:
        yield client
