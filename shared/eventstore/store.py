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

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore import chain, horizon
from shared.eventstore.conflicts import (
    WRITE_ERRORS, broken_constraint, lost_to_another_writer, lost_to_concurrent_writer,
)
from shared.eventstore.inserts import (
    PG_INSERT, SQLITE_NOTIFICATION_ID, TX_SHIFT, execute_dbapi, pg_parameters, sqlite_row,
)
from shared.eventstore.recorded import Metadata, NewEvent, RecordedEvent, chained, utc_now
from shared.eventstore.tables import events

__all__ = ["EventStore", "Metadata", "NewEvent", "RecordedEvent", "utc_now"]

MAX_EVENTS_PER_TRANSACTION = (1 << TX_SHIFT) - 1
_PG_VISIBLE_BELOW = horizon.pg_visible_below(TX_SHIFT)  # this database's, not the server's
_STREAM_VERSION = next(c for c in events.constraints if c.name == "uq_events_stream_version")
Append = tuple[str, int, Sequence[NewEvent]]  # a stream, the version it is expected at, its new events


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
        return (await self.append_many([(stream_id, expected_version, new_events)], meta))[0]

    async def append_many(self, appends: Sequence[Append], meta: Metadata) -> list[list[RecordedEvent]]:
        """Several streams' appends in one statement, in the order given (one command saving many aggregates);
        any stream another writer got to first is a ConflictError, and nothing is appended."""
        recorded_at = chain.as_utc(self._clock())
        chains = [chained(stream_id, (expected, await self._head_hash(stream_id, expected)), new_events, meta,
                          recorded_at) for stream_id, expected, new_events in appends]
        records = [r for stream in chains for r in stream]
        try:
            await (self._insert_postgres(records) if self._postgres else self._insert_sqlite(records))
        except WRITE_ERRORS as error:
            if broken_constraint(error, events) is _STREAM_VERSION:
                raise _moved_past([(stream_id, expected) for stream_id, expected, _ in appends]) from None
            if lost_to_concurrent_writer(error):
                raise lost_to_another_writer() from None
            raise
        self._heads.update((stream[-1].stream_id, (stream[-1].version, stream[-1].hash)) for stream in chains if stream)
        return chains

    async def _insert_postgres(self, records: list[RecordedEvent]) -> None:
        """One statement; k counts this transaction's events, for notification ids `xid << 20 | k`."""
        if self._appended_in_transaction + len(records) > MAX_EVENTS_PER_TRANSACTION:
            raise ValueError("too many events in one transaction")
        parameters = pg_parameters(self._appended_in_transaction, records)
        self._appended_in_transaction += len(records)
        driver = self._conn.sync_connection.connection.driver_connection  # type: ignore[union-attr]
        if driver.is_in_transaction():  # SQLAlchemy's BEGIN has gone out: straight to asyncpg, in that transaction
            await driver.execute(PG_INSERT, *parameters)
        else:  # the transaction's first statement: SQLAlchemy's adapter sends its BEGIN before it
            await self._conn.run_sync(execute_dbapi, PG_INSERT, parameters)

    async def _insert_sqlite(self, records: list[RecordedEvent]) -> None:
        await self._conn.execute(events.insert().values(notification_id=SQLITE_NOTIFICATION_ID),
                                 [sqlite_row(r) for r in records])

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
        records = [RecordedEvent.from_row(row) for row in result.all()]
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
        for row in result.all():
            record = RecordedEvent.from_row(row)
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
        return [RecordedEvent.from_row(row) for row in result.all()]


def _moved_past(streams: Sequence[tuple[str, int]]) -> ConflictError:
    if len(streams) == 1:
        detail = f"stream {streams[0][0]} has moved past version {streams[0][1]}"
    else:
        named = ", ".join(f"{stream_id} at {version}" for stream_id, version in streams[:3])
        detail = f"a stream saved with {len(streams) - 1} others ({named}, ...) has moved past its version"
    return ConflictError(f"{detail}; reload and try again", field="expected_version", rule="optimistic_concurrency")


def _db_time(moment: datetime, postgres: bool) -> datetime:
    """SQLite compares timestamps as naive UTC text."""
    utc = chain.as_utc(moment)
    return utc if postgres else utc.replace(tzinfo=None)
