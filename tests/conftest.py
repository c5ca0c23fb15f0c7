"""Fixtures shared by every test: a fresh database on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from shared.eventstore.db import create_engine

# One local token issuer for the whole run: the services under test (in process and as real processes) and
# tests/auth.py's tokens share its key folder. Set before any service settings are read.
os.environ.setdefault("TENURE_AUTH_DIR", tempfile.mkdtemp(prefix="tenure-auth-"))

PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", "postgres"]


async def _pg_available() -> bool:
    try:
        conn = await asyncpg.connect(PG_ADMIN_URL, timeout=3)
    except (OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True


async def fresh_database_url(backend: str, tmp_path: Path) -> str:
    """A new, empty database: a file for SQLite, a new database for PostgreSQL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not await _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_ADMIN_URL} does not answer")
        pytest.skip("PostgreSQL is not running")
    name = f"tenure_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


async def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    name = url.rpartition("/")[2]
    conn = await asyncpg.connect(PG_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the PostgreSQL databases tests/databases.py kept for a next test."""
    from tests.databases import drop_idle_databases

    asyncio.run(drop_idle_databases())


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    url = await fresh_database_url(backend, tmp_path)
    yield url
    await drop_database(url)


@pytest.fixture
async def foundation_engine(database_url: str):  # type: ignore[no-untyped-def]
    """An engine on a database holding only the foundation's tables."""
    from shared.eventstore.tables import metadata

    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()
