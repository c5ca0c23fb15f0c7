"""The contract and appraisal services side by side on fresh databases, the contract outbox relayed
to the appraisal inbox over HTTP (in process), as in production but without sockets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.appraisal_svc.main import SPEC as APPRAISAL, create_app as appraisal_app
from services.appraisal_svc.settings import Settings as AppraisalSettings
from services.contract_svc.main import SPEC as CONTRACT, create_app as contract_app
from services.contract_svc.settings import Settings as ContractSettings
from tests.auth import staff
from shared.delivery.processor import InboxProcessor
from shared.delivery.relay import OutboxRelay
from tests.databases import migrated_database_url, release_database
from tests.delivery import deliver_all, in_process_relay

ACTOR = staff("hr.office")  # every staff role for the whole group; tests/security checks roles one by one


@dataclass
class Services:
    contract: httpx.AsyncClient
    appraisal: httpx.AsyncClient
    relays: list[OutboxRelay]
    engines: dict[str, AsyncEngine] = field(default_factory=dict, kw_only=True)  # by service: to count queries
    inboxes: list[InboxProcessor] = field(default_factory=list, kw_only=True)

    async def deliver(self) -> None:
        """Run every relay and inbox until nothing is left to deliver or to take effect."""
        await deliver_all(self.relays, self.inboxes)


def client(app, name: str) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{name}", headers=ACTOR)


@pytest.fixture
async def services(backend: str, tmp_path: Path) -> AsyncIterator[Services]:
    urls = {}
    for name, spec in (("contract", CONTRACT), ("appraisal", APPRAISAL)):
        (tmp_path / name).mkdir()
        urls[name] = await migrated_database_url(backend, tmp_path / name, spec.migrations)
    capp = contract_app(ContractSettings(database_url=urls["contract"], relay_enabled=False))
    aapp = appraisal_app(AppraisalSettings(database_url=urls["appraisal"], relay_enabled=False))
    async with capp.router.lifespan_context(capp), aapp.router.lifespan_context(aapp):
        contract, appraisal = client(capp, "contract"), client(aapp, "appraisal")
        apps = {"contract": capp, "appraisal": aapp}
        relays = [in_process_relay(apps, "contract", ["appraisal"]), in_process_relay(apps, "appraisal", ["contract"])]
        engines = {"contract": capp.state.wiring.engine, "appraisal": aapp.state.wiring.engine}
        yield Services(contract, appraisal, relays, engines=engines, inboxes=[capp.state.inbox, aapp.state.inbox])
        for relay in relays:
            await relay.aclose()
        await contract.aclose()
        await appraisal.aclose()
    for url in urls.values():
        await release_database(url)
