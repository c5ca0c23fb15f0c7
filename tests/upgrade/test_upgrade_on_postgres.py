"""The same upgrade on PostgreSQL: the events of the pre-change databases (tests/fixtures/upgrade), loaded into
a PostgreSQL database at the revision they were made at, upgrade to head into exactly the streams the SQLite
upgrade makes (same ids, versions, topics and hashes), and every stream replays."""

from __future__ import annotations

import asyncio
import gzip
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from deploy.services import by_name
from shared.eventstore.db import create_engine
from shared.eventstore.tables import events
from shared.migrations import upgrade
from shared.replay import replay_all
from tests.conftest import drop_database, fresh_database_url

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
MADE_AT = {"contract": "0002", "appraisal": "0002", "payroll": "0003"}  # the heads the fixture was made at


def _unpacked(service: str, folder: Path) -> Path:
    target = folder / f"{service}.db"
    with gzip.open(FIXTURE / f"{service}.db.gz", "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return target


def _events_of(url: str) -> list[dict[str, object]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(sa.select(events).order_by(events.c.notification_id)).mappings()]
    engine.dispose()
    return rows


async def _heads(url: str) -> set[tuple[str, int, str, str]]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.select(events.c.stream_id, events.c.version, events.c.topic, events.c.hash))).all()
        report = await replay_all(conn)
    await engine.dispose()
    assert report.events == len(rows)
    return {tuple(row) for row in rows}  # type: ignore[misc]


# contract derives each letter's stream from the letter events of the tenure streams; the others add no event
@pytest.mark.parametrize(("service", "derives_streams"), [("contract", True), ("appraisal", False), ("payroll", False)])
async def test_a_postgresql_database_upgrades_into_the_streams_sqlite_upgrades_into(
    service: str, derives_streams: bool, tmp_path: Path
) -> None:
    migrations = by_name(service).migrations
    sqlite_file = _unpacked(service, tmp_path)
    recorded = _events_of(f"sqlite:///{sqlite_file}")
    postgres = await fresh_database_url("postgres", tmp_path)
    try:
        await asyncio.to_thread(upgrade, migrations, postgres, MADE_AT[service])
        engine = create_engine(postgres)
        async with engine.begin() as conn:
            await conn.execute(events.insert(), recorded)
        await engine.dispose()
        await asyncio.to_thread(upgrade, migrations, postgres)
        await asyncio.to_thread(upgrade, migrations, f"sqlite:///{sqlite_file}")
        on_postgres, on_sqlite = await _heads(postgres), await _heads(f"sqlite:///{sqlite_file}")
        assert (len(on_sqlite) > len(recorded)) is derives_streams
        assert on_postgres == on_sqlite
    finally:
        await drop_database(postgres)
