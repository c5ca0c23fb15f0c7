"""One worker at a time per job across processes (replicas on one PostgreSQL database); SQLite is embedded:
one process, one worker."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import AsyncIterator

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


def lock_key(job: str) -> int:
    return zlib.crc32(job.encode())


@contextlib.asynccontextmanager
async def exclusive(engine: AsyncEngine, job: str) -> AsyncIterator[bool]:
    """True inside when this process holds `job`'s lock (PostgreSQL advisory lock), False when another does."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = lock_key(job)
    async with engine.connect() as conn:
        ours = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))
        await conn.commit()
        try:
            yield ours
        finally:
            if ours:
                await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                await conn.commit()
