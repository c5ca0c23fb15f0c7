"""The contract service alone on a fresh database, for the checks every request and message passes first."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from services.contract_svc.main import SPEC, create_app
from services.contract_svc.settings import Settings
from shared.eventstore.tables import events, inbox
from shared.migrations import upgrade_async


@pytest.fixture
async def contract_app(database_url: str):  # type: ignore[no-untyped-def]
    await upgrade_async(SPEC.migrations, database_url)
    app = create_app(Settings(database_url=database_url, relay_enabled=False))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def http(contract_app):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=contract_app), base_url="http://contract") as client:
        yield client


async def stored(app, table=events) -> int:  # type: ignore[no-untyped-def]
    async with app.state.wiring.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)))


async def inbox_rows(app) -> int:  # type: ignore[no-untyped-def]
    return await stored(app, inbox)


from tests.payroll.conftest import services3  # noqa: E402,F401 - the three services side by side
