"""Read models are tables kept in step with the events, in the same transaction."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert, Table, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore.conflicts import broken_constraint

if TYPE_CHECKING:
    from shared.messages import Message
    from shared.unit_of_work import UnitOfWork


Key = str | tuple[str, ...]  # the column, or the columns of the primary key, a row is written under


async def upsert(conn: AsyncConnection, table: Table, row: dict[str, Any], key: Key = "id") -> None:
    """Write the row for `row[key]`; a clash with another row's unique value is a ConflictError."""
    with _clash_as_conflict(table):
        if _keyed(table, key):  # one statement: messages learn thousands a second
            await conn.execute(_insert_or_update(conn.dialect.name, table, tuple(row), key), row)
        elif (await conn.execute(update(table).where(table.c[str(key)] == row[key]).values(**row))).rowcount == 0:
            await conn.execute(insert(table).values(**row))


async def upsert_all(conn: AsyncConnection, rows: Iterable[tuple[Table, dict[str, Any], Key]]) -> None:
    """Each (table, row, key) written as `upsert` would write it, one executemany per table (Upserts)."""
    upserts = Upserts()
    for table, row, key in rows:
        await upserts.add(conn, table, row, key)
    await upserts.flush(conn)


@dataclass(frozen=True)
class Upserting:
    """A message handler whose whole effect is one row written by `upsert`: the inbox processor gathers a chunk
    of such messages' rows in `Upserts` and writes them at once."""

    row_of: Callable[[Message], tuple[Table, dict[str, Any]]]
    key: Key = "id"

    async def __call__(self, uow: UnitOfWork, message: Message) -> None:
        await uow.begin()
        assert uow.conn is not None
        await upsert(uow.conn, *self.row_of(message), key=self.key)


@dataclass(frozen=True)
class Amending:
    """A message handler whose whole effect is a change of one row (`learn`); when an `Upserting` handler of the
    same chunk gathered that row, the change is made to the gathered row instead, in memory."""

    change_of: Callable[[Message], tuple[Table, tuple[Any, ...], dict[str, Any]]]  # table, key values, changes
    learn: Callable[[AsyncConnection, Message], Awaitable[None]]

    async def __call__(self, uow: UnitOfWork, message: Message) -> None:
        await uow.begin()
        assert uow.conn is not None
        await self.learn(uow.conn, message)


@dataclass
class Upserts:
    """Rows gathered to be written by one executemany per table: the same rows as `upsert` one by one would
    leave. A table's rows share their columns: a row with other columns first writes what is gathered."""

    gathered: dict[Table, tuple[Key, dict[Any, dict[str, Any]]]] = field(default_factory=dict)  # key, rows by key

    async def add(self, conn: AsyncConnection, table: Table, row: dict[str, Any], key: Key = "id") -> None:
        if not _keyed(table, key):
            await self.flush(conn)
            return await upsert(conn, table, row, key)
        if (same := self.gathered.get(table)) and (same[0] != key or tuple(next(iter(same[1].values()))) != tuple(row)):
            await self.flush(conn)
        self.gathered.setdefault(table, (key, {}))[1][_values(row, key)] = row  # a later row for a key wins

    def amend(self, table: Table, key_values: tuple[Any, ...], changes: dict[str, Any]) -> bool:
        """Change the gathered row under `key_values` (True), as its update after the write would; False when
        no such row is gathered."""
        rows = self.gathered.get(table, (None, {}))[1]
        found = rows.get(key_values if len(key_values) > 1 else key_values[0])
        if found is None or not changes.keys() <= found.keys():
            return False
        found.update(changes)
        return True

    async def flush(self, conn: AsyncConnection) -> None:
        for table, (key, rows) in self.gathered.items():
            with _clash_as_conflict(table):
                columns = tuple(next(iter(rows.values())))
                await conn.execute(_insert_or_update(conn.dialect.name, table, columns, key), list(rows.values()))
        self.gathered.clear()


def _keyed(table: Table, key: Key) -> bool:
    if isinstance(key, tuple):
        return {c.name for c in table.primary_key.columns} == set(key)
    return bool(table.c[key].primary_key or table.c[key].unique)


def _values(row: dict[str, Any], key: Key) -> Any:
    return tuple(row[k] for k in key) if isinstance(key, tuple) else row[key]


@contextlib.contextmanager
def _clash_as_conflict(table: Table) -> Iterator[None]:
    try:
        yield
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


@functools.lru_cache(maxsize=512)
def _insert_or_update(dialect: str, table: Table, columns: tuple[str, ...], key: Key) -> Insert:
    """Built once per table and set of columns (building it costs more than running it); the row is its
    parameters."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    keys = key if isinstance(key, tuple) else (key,)
    changed = {name: statement.excluded[name] for name in columns if name not in keys}
    return statement.on_conflict_do_update(index_elements=[table.c[k] for k in keys], set_=changed)
