"""Read models are tables kept in step with the events, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore.conflicts import broken_constraint


async def upsert(conn: AsyncConnection, table: Table, row: dict[str, Any], key: str = "id") -> None:
    """Write the row for `row[key]`; a clash with another row's unique value is a ConflictError."""
    try:
        result = await conn.execute(update(table).where(table.c[key] == row[key]).values(**row))
        if result.rowcount == 0:
            await conn.execute(insert(table).values(**row))
    except IntegrityError as error:
        broken = broken_constraint(error, table)
        if broken is None:
            raise
        # name the column, never the database's own message (it names constraints and echoes values)
        clash = ", ".join(c.name for c in broken.columns)
        raise ConflictError(
            f"another {table.name.removesuffix('_view').rstrip('s')} already has this {clash or 'value'}",
            field=clash, rule="unique",
        ) from None
