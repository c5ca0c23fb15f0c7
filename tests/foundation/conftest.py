"""The foundation's test apps: a producer ledger service whose credits go to a consumer's inbox."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from shared.eventstore.db import create_engine
from shared.eventstore.tables import metadata
from shared.unit_of_work import Wiring
from tests.auth import staff
from tests.foundation.ledger_app import ledger_app

HEADERS = staff("hr.wang")
JSON = {"content-type": "application/json"}


async def count(engine, table) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(table))


def client(app) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test", headers=HEADERS)


@pytest.fixture
async def producer(foundation_engine):  # type: ignore[no-untyped-def]
    wiring = Wiring(source="ledger", engine=foundation_engine, subscriptions={"mirror": frozenset({"Ledger.Credited"})})
    return ledger_app(wiring)


@pytest.fixture
async def consumer(tmp_path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path / 'consumer.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield ledger_app(Wiring(source="mirror", engine=engine))
    await engine.dispose()


async def open_and_credit(http: httpx.AsyncClient, amount: str = "10.50") -> str:
    ledger = (await http.post("/ledgers", json={"owner": "赵磊"})).json()
    response = await http.post(f"/ledgers/{ledger['id']}/credits", json={"amount": amount})
    assert response.status_code == 201, response.text
    return ledger["id"]


