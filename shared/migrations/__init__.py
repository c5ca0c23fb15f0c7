"""Alembic plumbing shared by the services: run migrations (the serving processes check them with shared/schema.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from shared.eventstore.db import async_url, create_engine

MIGRATION_LOCK = 7_319_402_611  # the advisory lock upgrades take on PostgreSQL (any constant of our own)


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", async_url(database_url).replace("%", "%%"))
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (run outside an event loop)."""
    command.upgrade(alembic_config(script_location, database_url), revision)


async def upgrade_async(script_location: Path, database_url: str) -> None:
    await asyncio.to_thread(upgrade, script_location, database_url)


def run_env(target_metadata: object = None) -> None:
    """The body of every service's migrations/env.py: online migrations on the async engine."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection) -> None:  # type: ignore[no-untyped-def]
        if connection.dialect.name == "postgresql":
            # Several processes of a service started at once (uvicorn --workers, replicas) each upgrade at start:
            # one at a time, each reading the revision only once the one before has committed. Held until the
            # commit below. SQLite's BEGIN IMMEDIATE (shared/eventstore/db.py) serialises them already.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run())
