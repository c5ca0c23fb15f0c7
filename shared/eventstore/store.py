"""The async event store: append with an expected version, read a stream, read everything in order.

Global order without skips. PostgreSQL hands out sequence values at insert time but makes rows
visible at commit time, so a reader of "ids after N" can pass over an id whose transaction commits
late. Rather than serialise every writer behind a table lock (which also serialises their commits
and fsyncs), the notification id here is built from the writing transaction's id:
`xid << 20 | k`, k counting the events of that transaction. A reader only returns rows whose xid is
below a horizon taken from its own snapshot: every transaction below it that could write here has
finished, every one yet to commit has an xid at or above it, hence ids above anything already read.
Ids are unique and increasing in visibility order but not dense. A long-open writing transaction of this
database delays readers, never makes them skip; other databases' do not (horizon.py: how and why).
On SQLite writers are serialised by `BEGIN IMMEDIATE` (see db.py), so max + 1 is handed out in commit order.

An append is one statement whatever its length: on PostgreSQL what its events share travels once, what
differs as arrays unnested into rows. It joins the transaction the unit of work commits, by public APIs only:
SQLAlchemy's asyncpg adapter sends BEGIN with the first statement it is given, so a transaction's first append
goes through a DBAPI cursor of SQLAlchemy's connection; once the server reports the connection inside a
transaction (asyncpg's `is_in_transaction()`), appends go to asyncpg itself (`driver_connection`). A writer
that took the version first breaks the unique (stream_id, version): its error code says so (conflicts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import and_, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore import chain, horizon
from shared.eventstore.conflicts import (
    WRITE_ERRORS, broken_constraint, lost_to_another_writer, lost_to_concurrent_writer,
)
from shared.eventstore.recorded import Metadata, NewEvent, RecordedEvent, chained, utc_now
from shared.eventstore.tables import events

__all__ = ["EventStore", "Metadata", "NewEvent", "RecordedEvent", "utc_now"]

TX_SHIFT = 20
MAX_EVENTS_PER_TRANSACTION = (1 << TX_SHIFT) - 1
# What the events of one append share travels once; what differs, as arrays unnested into rows, n = 1, 2, ...
_PG_INSERT = (
    "INSERT INTO events (notification_id, stream_id, version, topic, state, recorded_at, effective_date, actor,"
    " correlation_id, causation_id, prev_hash, hash, actor_name, actor_roles)"
    f" SELECT (pg_current_xact_id()::text::bigint << {TX_SHIFT}) + $1::bigint + n, $2::text, $3::int + n::int, t, st,"
    " $4::timestamptz, e, $5::text, $6::text, $7::text, p, h, $8::text, $9::text"
    " FROM unnest($10::text[], $11::bytea[], $12::date[], $13::text[], $14::text[]) WITH ORDINALITY AS x(t, st, e, p, h, n)"
)
_SQLITE_NOTIFICATION_ID = literal_column("(SELECT COALESCE(MAX(notification_id), 0) + 1 FROM events)")
_PG_VISIBLE_BELOW = horizon.pg_visible_below(TX_SHIFT)  # this database's, not the server's
_STREAM_VERSION = next(c for c in events.constraints if c.name == "uq_events_stream_version")


class EventStore:
    """One store per transaction: it remembers stream heads it has seen, to chain the next event."""

    def __init__(self, conn: AsyncConnection, clock: Callable[[], datetime] = utc_now) -> None:
        self._conn = conn
        self._clock = clock
        self._postgres = conn.dialect.name == "postgresql"
        self._heads: dict[str, tuple[int, str]] = {}
        self._appended_in_transaction = 0

    def forget_heads(self) -> None:  # a SAVEPOINT undone: its heads are none; its ids stay counted (a gap)
        self._heads.clear()

    async def append(
        self, stream_id: str, expected_version: int, new_events: Sequence[NewEvent], meta: Metadata
    ) -> list[RecordedEvent]:
        """Append after `expected_version`; another writer having got there first is a ConflictError."""
        head = (expected_version, await self._head_hash(stream_id, expected_version))
        records = chained(stream_id, head, new_events, meta, chain.as_utc(self._clock()))
        try:
            await (self._insert_postgres(records) if self._postgres else self._insert_sqlite(records))
        except WRITE_ERRORS as error:
            if broken_constraint(error, events) is _STREAM_VERSION:
                raise _moved_past(stream_id, expected_version) from None
            if lost_to_concurrent_writer(error):
                raise lost_to_another_writer() from None
            raise
        self._heads[stream_id] = (records[-1].version, records[-1].hash)
        return records

    async def _insert_postgres(self, records: list[RecordedEvent]) -> None:
        """One statement; k counts this transaction's events, for notification ids `xid << 20 | k`."""
        if self._appended_in_transaction + len(records) > MAX_EVENTS_PER_TRANSACTION:
            raise ValueError("too many events in one transaction")
        columns = (self._appended_in_transaction, *_pg_parameters(records))
        self._appended_in_transaction += len(records)
        driver = self._conn.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        if driver.is_in_transaction():  # SQLAlchemy's BEGIN has gone out: straight to asyncpg, in that transaction
            await driver.execute(_PG_INSERT, *columns)
        else:  # the transaction's first statement: SQLAlchemy's adapter sends its BEGIN before it
            await self._conn.run_sync(_execute_dbapi, _PG_INSERT, columns)

    async def _insert_sqlite(self, records: list[RecordedEvent]) -> None:
        await self._conn.execute(events.insert().values(notification_id=_SQLITE_NOTIFICATION_ID), [_row(r) for r in records])

    async def _head_hash(self, stream_id: str, expected_version: int) -> str:
        if expected_version == 0:
            return chain.GENESIS
        cached = self._heads.get(stream_id)
        if cached and cached[0] == expected_version:
            return cached[1]
        found = await self._conn.scalar(
            select(events.c.hash).where(and_(events.c.stream_id == stream_id, events.c.version == expected_version))
        )
        if found is None:
            raise ConflictError(
                f"stream {stream_id} has no version {expected_version}",
                field="expected_version",
                rule="optimistic_concurrency",
            )
        return found

    async def read_stream(
        self,
        stream_id: str,
        *,
        up_to_version: int | None = None,
        as_of: datetime | None = None,
    ) -> list[RecordedEvent]:
        """A stream whole, up to a version, or as it stood at a recorded time."""
        query = select(events).where(events.c.stream_id == stream_id).order_by(events.c.version)
        if up_to_version is not None:
            query = query.where(events.c.version <= up_to_version)
        if as_of is not None:
            query = query.where(events.c.recorded_at <= _db_time(as_of, self._postgres))
        result = await self._conn.execute(query)
        records = [RecordedEvent.from_mapping(row) for row in result.mappings()]
        if records and up_to_version is None and as_of is None:
            self._heads[stream_id] = (records[-1].version, records[-1].hash)
        return records

    async def read_streams(self, stream_ids: Sequence[str], *, as_of: datetime | None = None) -> dict[str, list[RecordedEvent]]:
        """Several streams in one query, each in version order, as they stood at a recorded time."""
        found: dict[str, list[RecordedEvent]] = {}
        if not stream_ids:
            return found
        query = select(events).where(events.c.stream_id.in_(sorted(set(stream_ids))))
        if as_of is not None:
            query = query.where(events.c.recorded_at <= _db_time(as_of, self._postgres))
        result = await self._conn.execute(query.order_by(events.c.stream_id, events.c.version))
        for row in result.mappings():
            record = RecordedEvent.from_mapping(row)
            found.setdefault(record.stream_id, []).append(record)
        if as_of is None:  # whole streams: their heads chain the next appends without a query each
            self._heads.update((stream_id, (rs[-1].version, rs[-1].hash)) for stream_id, rs in found.items())
        return found

    async def read_all(self, after: int = 0, limit: int = 100) -> list[RecordedEvent]:
        """Every event after notification id `after`, in global order, never skipping a late commit."""
        query = select(events).where(events.c.notification_id > after)
        if self._postgres:
            query = query.where(events.c.notification_id < _PG_VISIBLE_BELOW)
        query = query.order_by(events.c.notification_id).limit(limit)
        result = await self._conn.execute(query)
        return [RecordedEvent.from_mapping(row) for row in result.mappings()]


def _execute_dbapi(conn: Connection, statement: str, parameters: tuple) -> None:
    """PEP 249 on the connection SQLAlchemy manages (`Connection.connection`): cheaper than SQLAlchemy's own
    statement execution, and its asyncpg adapter begins the transaction first, as for any statement."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(statement, parameters)
    finally:
        cursor.close()


def _moved_past(stream_id: str, version: int) -> ConflictError:
    return ConflictError(f"stream {stream_id} has moved past version {version}; reload and try again",
                         field="expected_version", rule="optimistic_concurrency")


def _pg_parameters(records: list[RecordedEvent]) -> tuple:
    """$2 to $14 of the insert: what the records of one append share (`chained` made them so), then their own."""
    r = records[0]
    return (
        r.stream_id, r.version - 1, r.recorded_at, r.actor, r.correlation_id, r.causation_id, r.actor_name,
        r.actor_roles, [r.topic for r in records], [r.state for r in records], [r.effective_date for r in records],
        [r.prev_hash for r in records], [r.hash for r in records],
    )


def _row(record: RecordedEvent) -> dict:
    """The record's columns but the notification id, which the insert computes."""
    return {name: getattr(record, name) for name in _ROW_COLUMNS}


_ROW_COLUMNS = [c.name for c in events.columns if c.name != "notification_id"]


def _db_time(moment: datetime, postgres: bool) -> datetime:
    """SQLite compares timestamps as naive UTC text."""
    utc = chain.as_utc(moment)
    return utc if postgres else utc.replace(tzinfo=None)
