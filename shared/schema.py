"""Which schema revision a database is at, which one this code needs, and the upgrade at start, all without
importing alembic into the serving process.

Alembic and the migration scripts take about 13 MB of a service's memory once imported, for good: a process
that upgrades at start keeps them through its life (a tenth of the 150 MB a service may use). So a service
upgrades at start in a child process (`python -m shared.migrations`, shared/migrations/__main__.py), reads
this code's head from the scripts' `revision` and `down_revision` as written (the same head alembic's
ScriptDirectory finds: tests/upgrade), and the database's revision from alembic's own table.
"""

from __future__ import annotations

import ast
import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import NotAtHeadError

VERSION_TABLE = "alembic_version"  # alembic's default, which every service's env.py keeps
URL_VARIABLE = "TENURE_MIGRATE_URL"  # the child's database URL: in its environment, never on a command line (ps)
ROOT = Path(__file__).resolve().parents[1]


def head_revision(script_location: Path) -> str | None:
    """The revision this code's migrations end at: the one no other revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (script_location / "versions").glob("*.py"):
        values = _assignments(script)
        revisions.add(values["revision"])
        down = values.get("down_revision")
        revised |= {down} if isinstance(down, str) else set(down or ())
    heads = revisions - revised
    if len(heads) > 1:
        raise RuntimeError(f"the migrations of {script_location} have several heads: {sorted(heads)}")
    return next(iter(heads), None)


def _assignments(script: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value is not None:
            found[target.id] = ast.literal_eval(node.value)  # type: ignore[attr-defined]
    return found


async def revision_of(conn: AsyncConnection) -> str | None:
    """The revision the schema is at, read on `conn` (None when it has none)."""
    if not await conn.run_sync(lambda sync: inspect(sync).has_table(VERSION_TABLE)):
        return None
    found = (await conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))).scalars().all()
    return ",".join(sorted(found)) or None


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database's schema is at (None when it has none)."""
    async with engine.connect() as conn:
        current = await revision_of(conn)
        await conn.rollback()
    return current


async def ensure_at_head(engine: AsyncEngine, script_location: Path, fix_command: str) -> None:
    """Refuse to serve a database whose schema is not the one this code expects."""
    head, current = head_revision(script_location), await current_revision(engine)
    if current != head:
        raise NotAtHeadError(
            f"database is at revision {current or 'none (empty)'} but this code needs {head}; run: {fix_command}"
        )


async def upgrade_apart(script_location: Path, database_url: str) -> None:
    """Bring the database to this code's head in a child process, which takes alembic with it when it ends."""
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    environment = {**os.environ, URL_VARIABLE: database_url, "PYTHONPATH": os.pathsep.join(paths)}
    child = await asyncio.create_subprocess_exec(sys.executable, "-m", "shared.migrations", str(script_location),
                                                 env=environment, stderr=asyncio.subprocess.PIPE)
    _, errors = await child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the upgrade of {script_location} failed ({child.returncode}): "
                           f"{errors.decode(errors='replace')[-2000:]}")
