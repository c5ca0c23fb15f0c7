"""Read models are tables kept in step with the events, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, Table, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore.conflicts import broken_constraint


async def upsert(conn: AsyncConnection, table: Table, row: dict[str, Any], key: str = "id") -> None:
    """Write the row for `row[key]`; a clash with another row's unique value is a ConflictError."""
    try:
        if table.c[key].primary_key or table.c[key].unique:  # one statement: messages learn thousands a second
            await conn.execute(_insert_or_update(conn.dialect.name, table, row, key))
        elif (await conn.execute(update(table).where(table.c[key] == row[key]).values(**row))).rowcount == 0:
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


def _insert_or_update(dialect: str, table: Table, row: dict[str, Any], key: str) -> Insert:
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(**row)
    changed = {name: statement.excluded[name] for name in row if name != key}
    return statement.on_conflict_do_update(index_elements=[table.c[key]], set_=changed)
