"""The contract service alone (for the checks every request and message passes first), and the three together."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from shared.eventstore.tables import events, inbox
from tests.contract.conftest import contract_app  # noqa: F401 - the contract service on a migrated database
from tests.payroll.conftest import services3  # noqa: F401 - the three services side by side


@pytest.fixture
async def http(contract_app):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=contract_app), base_url="http://contract") as client:
        yield client


async def stored(app, table=events) -> int:  # type: ignore[no-untyped-def]
    async with app.state.wiring.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)))


async def inbox_rows(app) -> int:  # type: ignore[no-untyped-def]
    return await stored(app, inbox)

