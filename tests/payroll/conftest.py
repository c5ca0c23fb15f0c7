"""The contract, appraisal and payroll services side by side on fresh databases: the contract outbox relayed
to appraisal and payroll, the appraisal outbox to contract and payroll, over HTTP in process, as in production
but without sockets. Built on tests/appraisal/conftest.py's `Services` and `client`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from services.appraisal_svc.main import SPEC as APPRAISAL, create_app as appraisal_app
from services.appraisal_svc.settings import Settings as AppraisalSettings
from services.contract_svc.main import SPEC as CONTRACT, create_app as contract_app
from services.contract_svc.settings import Settings as ContractSettings
from services.payroll_svc.main import SPEC as PAYROLL, create_app as payroll_app
from services.payroll_svc.settings import Settings as PayrollSettings
from tests.appraisal.conftest import Services, client
from tests.databases import migrated_database_url, release_database
from tests.delivery import in_process_relay



@dataclass
class Services3(Services):
    """`Services` with the payroll service's client; `deliver()` runs both relays and all three inboxes until
    none has work."""

    payroll: httpx.AsyncClient
    apps: dict[str, FastAPI] = field(default_factory=dict)


SERVICES = {
    "contract": (CONTRACT, contract_app, ContractSettings),
    "appraisal": (APPRAISAL, appraisal_app, AppraisalSettings),
    "payroll": (PAYROLL, payroll_app, PayrollSettings),
}
# Source → destinations as each SPEC subscribes them: contract → appraisal, payroll; appraisal → contract, payroll.
ROUTES = {name: tuple(spec.subscriptions) for name, (spec, _, _) in SERVICES.items()}


def peer_client(apps: dict[str, FastAPI]) -> httpx.AsyncClient:
    """What the contract service asks the others with (the tenure record): each name reaches its app."""
    return httpx.AsyncClient(mounts={f"http://{n}": httpx.ASGITransport(app=app) for n, app in apps.items()})


@pytest.fixture
async def services3(backend: str, tmp_path: Path) -> AsyncIterator[Services3]:
    for name in SERVICES:
        (tmp_path / name).mkdir()
    # Alembic migrates one at a time, so the databases are made one after the other (tests/databases.py).
    urls = {name: await migrated_database_url(backend, tmp_path / name, spec.migrations)
            for name, (spec, _, _) in SERVICES.items()}
    apps = {name: make(settings(database_url=urls[name], relay_enabled=False))
            for name, (_, make, settings) in SERVICES.items()}
    async with contextlib.AsyncExitStack() as running:
        for app in apps.values():
            await running.enter_async_context(app.router.lifespan_context(app))
        relays = [in_process_relay(apps, source, destinations) for source, destinations in ROUTES.items() if destinations]
        clients = {name: client(app, name) for name, app in apps.items()}
        peers = await running.enter_async_context(peer_client(apps))
        apps["contract"].state.http, apps["contract"].state.peers = peers, {n: f"http://{n}" for n in apps}
        inboxes = [app.state.inbox for app in apps.values()]
        yield Services3(clients["contract"], clients["appraisal"], relays, clients["payroll"], apps, inboxes=inboxes)
        for each in relays:
            await each.aclose()
        for each in clients.values():
            await each.aclose()
    for url in urls.values():
        await release_database(url)
