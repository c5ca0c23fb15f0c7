"""A large appraisal group without the contract service's hours: ten golden managers brought into force through
the contract API and learned by the appraisal service, then their learned rows (manager, tenure, signed annual
letter) copied in the appraisal database under new ids until the enterprise has `size` members; a second
enterprise of ten copies is the small one a record read is compared with.

What the appraisal service reads is exactly what it would have learned: the copies are of its own rows, with
golden-1's sheets. Each copy's figures are its golden original's, revenue shifted by its number, so scores and
ranks differ and ties still happen.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.knowledge.tables import known_enterprises, known_letters, known_managers, known_tenures
from tests.appraisal.api.helpers import YEAR, golden, group
from tests.appraisal.conftest import Services, client
from tests.databases import drop_idle_databases, migrated_database_url, release_database
from tests.delivery import in_process_relay

GOLDEN_SIZE = 10  # golden-1's managers, each brought into force through the contract API once


@dataclass(frozen=True)
class Member:
    tenure_id: str
    manager_id: str
    code: str
    index: int  # the golden manager copied
    shift: int  # added to the golden revenue


@dataclass(frozen=True)
class Enterprise:
    id: str
    members: list[Member]


@asynccontextmanager
async def services_on(backend: str, folder: Path) -> AsyncIterator[Services]:
    """The contract and appraisal services on fresh migrated databases, as tests/appraisal/conftest.py has them."""
    from services.appraisal_svc.main import SPEC as APPRAISAL, create_app as appraisal_app
    from services.appraisal_svc.settings import Settings as AppraisalSettings
    from services.contract_svc.main import SPEC as CONTRACT, create_app as contract_app
    from services.contract_svc.settings import Settings as ContractSettings

    urls = {}
    for name, spec in (("contract", CONTRACT), ("appraisal", APPRAISAL)):
        (folder / name).mkdir()
        urls[name] = await migrated_database_url(backend, folder / name, spec.migrations)
    capp = contract_app(ContractSettings(database_url=urls["contract"], relay_enabled=False))
    aapp = appraisal_app(AppraisalSettings(database_url=urls["appraisal"], relay_enabled=False))
    try:
        async with capp.router.lifespan_context(capp), aapp.router.lifespan_context(aapp):
            apps = {"contract": capp, "appraisal": aapp}
            relays = [in_process_relay(apps, "contract", ["appraisal"]),
                      in_process_relay(apps, "appraisal", ["contract"])]
            engines = {"contract": capp.state.wiring.engine, "appraisal": aapp.state.wiring.engine}
            yield Services(client(capp, "contract"), client(aapp, "appraisal"), relays, engines=engines,
                           inboxes=[capp.state.inbox, aapp.state.inbox])
            for relay in relays:
                await relay.aclose()
    finally:
        for url in urls.values():
            await release_database(url)
        await drop_idle_databases()  # released databases are kept for a next test: a bench has none


async def large_group(services: Services, size: int, small: int = GOLDEN_SIZE) -> tuple[Enterprise, Enterprise]:
    """An enterprise of `size` members (the ten golden ones first) and one of `small` copies."""
    originals = await group(services, size=GOLDEN_SIZE)
    engine: AsyncEngine = services.engines["appraisal"]
    async with engine.begin() as conn:
        rows = await _learned(conn, [m["tenure_id"] for m in originals])
        enterprise_id = originals[0]["enterprise_id"]
        members = [Member(m["tenure_id"], m["manager_id"], m["code"], i, 0) for i, m in enumerate(originals)]
        members += await _copies(conn, rows, enterprise_id, range(GOLDEN_SIZE, size))
        other = str(uuid.uuid4())
        await conn.execute(insert(known_enterprises), [{**rows["enterprise"], "id": other, "code": "E2"}])
        copies = await _copies(conn, rows, other, range(size, size + small))
    return Enterprise(enterprise_id, members), Enterprise(other, copies)


async def _learned(conn: AsyncConnection, tenure_ids: list[str]) -> dict[str, Any]:
    """The appraisal service's learned rows of the golden tenures, by golden index."""
    tenures = {r.id: r._asdict() for r in (await conn.execute(select(known_tenures))).all()}
    managers = {r.id: r._asdict() for r in (await conn.execute(select(known_managers))).all()}
    letters: dict[str, list[dict[str, Any]]] = {}
    for r in (await conn.execute(select(known_letters))).all():
        letters.setdefault(r.tenure_id, []).append(r._asdict())
    first = tenures[tenure_ids[0]]
    enterprise = (await conn.execute(select(known_enterprises).where(
        known_enterprises.c.id == first["enterprise_id"]))).one()._asdict()
    return {"enterprise": enterprise, "tenures": [tenures[t] for t in tenure_ids],
            "managers": [managers[tenures[t]["manager_id"]] for t in tenure_ids],
            "letters": [letters[t] for t in tenure_ids]}


async def _copies(conn: AsyncConnection, rows: dict[str, Any], enterprise_id: str, numbers: range) -> list[Member]:
    managers, tenures, letters, members = [], [], [], []
    for number in numbers:
        index = number % GOLDEN_SIZE
        manager_id, tenure_id, code = str(uuid.uuid4()), str(uuid.uuid4()), f"M{number + 1:05d}"
        managers.append({**rows["managers"][index], "id": manager_id, "code": code, "enterprise_id": enterprise_id})
        tenures.append({**rows["tenures"][index], "id": tenure_id, "manager_id": manager_id,
                        "enterprise_id": enterprise_id})
        letters += [{**letter, "tenure_id": tenure_id} for letter in rows["letters"][index]]
        members.append(Member(tenure_id, manager_id, code, index, number))
    if members:
        for table, values in ((known_managers, managers), (known_tenures, tenures), (known_letters, letters)):
            await conn.execute(insert(table), values)
    return members


def actuals_batch(members: list[Member], year: int = YEAR) -> dict[str, Any]:
    """Every member's audited golden actuals of `year` in one ERP batch, revenue shifted by the member's number."""
    managers, items = golden()["managers"], []
    for m in members:
        for code, value in managers[m.index]["actuals"][str(year)].items():
            figure = Decimal(str(value)) + (m.shift % 97 if code == "revenue" else 0)
            items.append({"tenure_id": m.tenure_id, "year": year, "kpi_code": code, "value": str(figure),
                          "audited": True, "source": "erp"})
    return {"items": items}


def ratings(members: list[Member], year: int = YEAR) -> list[dict[str, Any]]:
    """Every member's golden ratings of `year`, one request body each."""
    managers = golden()["managers"]
    return [{"tenure_id": m.tenure_id, "year": year, "kpi_code": code, "evaluator": "考核委员会", "rating": str(value)}
            for m in members for code, value in managers[m.index].get("ratings", {}).get(str(year), {}).items()]
