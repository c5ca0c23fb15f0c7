"""Engines for the two supported databases: PostgreSQL (asyncpg) and embedded SQLite (aiosqlite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine


def async_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite://` URLs and pick the async driver."""
    parsed = make_url(url)
    driver = {"postgresql": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}.get(parsed.drivername)
    return parsed.set(drivername=driver).render_as_string(hide_password=False) if driver else url


# A database that does not answer is an outage (503) within seconds, not a request hung for asyncpg's 60 s default
# connect timeout or the pool's 30 s wait for a connection: the client learns it soon and retries after Retry-After.
CONNECT_TIMEOUT_SECONDS = 5.0
POOL_TIMEOUT_SECONDS = 10.0
# Each pooled connection keeps the statements it prepared (a list of N ids is a statement of its own for each N):
# 20 a connection, not SQLAlchemy's 100, and 5 connections kept (as many again when busy), not 10 + 10, keep a
# service's memory in bounds (a 1,000-member group's year-end: ~9 MB less) at no cost the year-end bench shows.
PREPARED_STATEMENTS = 20
DIALECT_ONLY = ("prepared_statement_cache_size",)  # URL parameters SQLAlchemy takes, not the server
POOL_SIZE = 5


def create_engine(url: str, *, pool_size: int = POOL_SIZE) -> AsyncEngine:
    url = async_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    parsed = make_url(url)
    if "prepared_statement_cache_size" not in parsed.query:  # a URL that says otherwise is obeyed
        parsed = parsed.update_query_dict({"prepared_statement_cache_size": str(PREPARED_STATEMENTS)})
    # No pre-ping: it costs three round trips per checkout; a dropped connection is invalidated
    # by SQLAlchemy on first use and the pool refills.
    return create_async_engine(parsed, pool_size=pool_size, max_overflow=pool_size, pool_timeout=POOL_TIMEOUT_SECONDS,
                               connect_args={"timeout": CONNECT_TIMEOUT_SECONDS})


def _sqlite_engine(url: str) -> AsyncEngine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the driver so that BEGIN below is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock at BEGIN: writers queue instead of failing on a stale
        # snapshot, and rowids (notification ids) are handed out in commit order.
        mode = "DEFERRED" if connection.get_execution_options().get("readonly") else "IMMEDIATE"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


@asynccontextmanager
async def read_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for queries: on SQLite it does not take the write lock."""
    async with engine.connect() as conn:
        await conn.execution_options(readonly=True)
        yield conn
