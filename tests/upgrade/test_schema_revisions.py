"""A serving process knows its schema without alembic (shared/schema.py): the head it reads from the migration
scripts is alembic's, the revision it reads from the database is alembic's, and alembic is never imported by
a service (it would stay in its memory); the upgrade at start runs in a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from deploy.services import ROOT, SERVICES
from shared.eventstore.db import create_engine
from shared.migrations import upgrade_async
from shared.schema import current_revision, head_revision, upgrade_apart
from tests.conftest import drop_database, fresh_database_url


@pytest.mark.parametrize("location", [entry.migrations for entry in SERVICES], ids=[e.name for e in SERVICES])
def test_the_head_read_from_the_scripts_is_alembics(location: Path) -> None:
    assert head_revision(location) == ScriptDirectory(str(location)).get_current_head() is not None


def test_no_service_imports_alembic() -> None:
    modules = "; ".join(f"import {entry.module}.main" for entry in SERVICES)
    check = f"{modules}; import sys; print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    found = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]", found.stderr


async def alembics_revision(url: str) -> str | None:
    engine = create_engine(url)
    async with engine.connect() as conn:
        revision = await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())
    await engine.dispose()
    return revision


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
async def test_the_revision_read_from_the_database_is_alembics_before_and_after_an_upgrade(
    backend: str, tmp_path: Path,
) -> None:
    location = SERVICES[0].migrations
    url = await fresh_database_url(backend, tmp_path)
    engine = create_engine(url)
    try:
        assert await current_revision(engine) is None and await alembics_revision(url) is None
        await upgrade_apart(location, url)
        assert await current_revision(engine) == await alembics_revision(url) == head_revision(location)
        await upgrade_async(location, url)  # at head already: nothing to do
        assert await current_revision(engine) == head_revision(location)
    finally:
        await engine.dispose()
        await drop_database(url)


async def test_a_failed_upgrade_at_start_says_why() -> None:
    with pytest.raises(RuntimeError, match="failed"):
        await upgrade_apart(SERVICES[0].migrations, "postgresql://postgres@127.0.0.1:5432/no_such_database_here")
