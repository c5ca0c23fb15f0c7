"""Migrated databases for the service fixtures, as a fresh migrated database would be, without paying Alembic
and CREATE DATABASE for every test: each service's migrations run once per run (and pytest worker), then

- on SQLite each test gets a byte copy of the migrated file;
- on PostgreSQL each test gets a database of its own, migrated the first time and, after a test is done with it,
  emptied (no row but Alembic's, every sequence back at its start) for the next test. A database whose
  schema or Alembic revision a test changed is dropped instead, so no test sees another's rows or schema.

Migrations themselves are tested for real in tests/upgrade, on databases of their own."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import asyncpg

from shared.migrations import upgrade_async
from tests.conftest import drop_database, fresh_database_url

_SQLITE_MIGRATED: dict[Path, Path] = {}  # migrations folder → a migrated file, copied for each test
_PG_IDLE: dict[Path, list[str]] = {}  # migrations folder → emptied migrated databases, ready for a test
_PG_SCHEMA: dict[Path, str] = {}  # migrations folder → the schema its head makes (`_SCHEMA`)
_PG_BUSY: dict[str, Path] = {}  # a database in a test's hands → its migrations

# The schema as PostgreSQL knows it: tables, columns, types, defaults, constraints, indexes, Alembic revision.
_SCHEMA = """
SELECT concat_ws(' | ',
  (SELECT string_agg(c, ',' ORDER BY c) FROM (SELECT concat_ws(':', table_name, column_name, data_type, is_nullable,
     column_default) AS c FROM information_schema.columns WHERE table_schema = 'public') AS columns),
  (SELECT string_agg(c, ',' ORDER BY c) FROM (SELECT concat_ws(':', conrelid::regclass::text, conname,
     pg_get_constraintdef(oid)) AS c FROM pg_constraint WHERE connamespace = 'public'::regnamespace) AS constraints),
  (SELECT string_agg(indexdef, ',' ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public'),
  (SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version))
"""
_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"


async def migrated_database_url(backend: str, tmp_path: Path, migrations: Path) -> str:
    """A database at the head of `migrations` holding no row; hand it back with `release_database`."""
    if backend == "sqlite":
        return await _sqlite_copy(tmp_path, migrations)
    idle = _PG_IDLE.setdefault(migrations, [])
    if idle:
        url = idle.pop()
    else:
        url = await fresh_database_url(backend, tmp_path)
        await upgrade_async(migrations, url)
        if migrations not in _PG_SCHEMA:
            _PG_SCHEMA[migrations] = await _schema(url)
    _PG_BUSY[url] = migrations
    return url


async def release_database(url: str) -> None:
    """The test is done with `url`: on PostgreSQL, empty it for the next test, or drop it if its schema moved."""
    if url not in _PG_BUSY:
        return
    migrations = _PG_BUSY.pop(url)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(  # connections a test left open would hold locks the emptying waits for
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()")
        emptied = await _empty(conn) and await conn.fetchval(_SCHEMA) == _PG_SCHEMA[migrations]
    finally:
        await conn.close()
    if emptied:
        _PG_IDLE[migrations].append(url)
    else:
        await drop_database(url)


async def _empty(conn: asyncpg.Connection) -> bool:
    """Delete every row but Alembic's and restart every sequence, in one transaction (a DELETE of a few rows
    costs one commit; a TRUNCATE of a dozen tables costs ten times more). False if that fails."""
    try:
        async with conn.transaction():
            for row in await conn.fetch(_TABLES):
                await conn.execute(f'DELETE FROM "{row["tablename"]}"')
            for row in await conn.fetch("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"):
                await conn.execute(f'ALTER SEQUENCE "{row["sequencename"]}" RESTART')
    except asyncpg.PostgresError:
        return False
    return True


async def drop_idle_databases() -> None:
    """At the end of the run: drop every PostgreSQL database kept for a next test."""
    for urls in _PG_IDLE.values():
        while urls:
            await drop_database(urls.pop())


async def _sqlite_copy(tmp_path: Path, migrations: Path) -> str:
    migrated = _SQLITE_MIGRATED.get(migrations)
    if migrated is None:
        migrated = Path(tempfile.mkdtemp(prefix="tenure-migrated-")) / "migrated.db"
        await upgrade_async(migrations, f"sqlite:///{migrated}")
        # The migration's engine is disposed: the write-ahead log is checkpointed into the file and removed.
        assert not migrated.with_name("migrated.db-wal").exists(), "the migrated SQLite file is still in use"
        _SQLITE_MIGRATED[migrations] = migrated
    copy = tmp_path / "test.db"
    shutil.copyfile(migrated, copy)
    return f"sqlite:///{copy}"


async def _schema(url: str) -> str:
    conn = await asyncpg.connect(url)
    try:
        return str(await conn.fetchval(_SCHEMA))
    finally:
        await conn.close()

