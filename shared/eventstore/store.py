"""The async event store: append with an expected version, read a stream, read everything in order.

Global order without skips. PostgreSQL hands out sequence values at insert time but makes rows
visible at commit time, so a reader of "ids after N" can pass over an id whose transaction commits
late. Rather than serialise every writer behind a table lock (which also serialises their commits
and fsyncs), the notification id here is built from the writing transaction's id:
`xid << 20 | k`, k counting the events of that transaction. A reader only returns rows whose xid is
below `pg_snapshot_xmin` of its own snapshot: every transaction below that horizon has finished, and
every transaction yet to commit has an xid at or above it, hence ids above anything already read.
Ids are unique and increasing in visibility order but not dense. A long-open writing transaction
delays readers, it never makes them skip. On SQLite writers are serialised by `BEGIN IMMEDIATE`
(see db.py), so max + 1 is handed out in commit order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, literal_column, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import ConflictError
from shared.eventstore import chain
from shared.eventstore.tables import events

TX_SHIFT = 20
MAX_EVENTS_PER_TRANSACTION = (1 << TX_SHIFT) - 1
# One statement per append whatever its length: the columns travel as arrays and unnest into rows.
_PG_INSERT = (
    "INSERT INTO events (notification_id, stream_id, version, topic, state, recorded_at, effective_date, actor,"
    " correlation_id, causation_id, prev_hash, hash, actor_name, actor_roles)"
    f" SELECT (pg_current_xact_id()::text::bigint << {TX_SHIFT}) + k, s, v, t, st, r, e, a, c, ca, p, h, an, ar"
    " FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::bytea[], $6::timestamptz[], $7::date[],"
    " $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])"
    " AS x(k, s, v, t, st, r, e, a, c, ca, p, h, an, ar)"
)
_SQLITE_NOTIFICATION_ID = literal_column("(SELECT COALESCE(MAX(notification_id), 0) + 1 FROM events)")
_PG_VISIBLE_BELOW = text(f"(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {TX_SHIFT})")


@dataclass(frozen=True)
class NewEvent:
    """An event to append: what the mapper made of a domain event, and its business date."""

    topic: str
    state: bytes
    effective_date: date | None = None


@dataclass(frozen=True)
class Metadata:
    """Who asked, and in answer to what; the same for every event of one command."""

    actor: str
    correlation_id: str
    causation_id: str | None = None
    actor_name: str | None = None  # the authenticated subject's display name
    actor_roles: tuple[str, ...] = ()  # the grants the command was allowed through, `role@ENTERPRISE`

    @property
    def roles_text(self) -> str | None:
        return ",".join(self.actor_roles) if self.actor_roles else None


@dataclass(frozen=True)
class RecordedEvent:
    notification_id: int | None
    stream_id: str
    version: int
    topic: str
    state: bytes
    recorded_at: datetime
    effective_date: date | None
    actor: str
    correlation_id: str
    causation_id: str | None
    prev_hash: str
    hash: str
    actor_name: str | None = None
    actor_roles: str | None = None

    @classmethod
    def from_row(cls, row: object) -> RecordedEvent:
        values = dict(row._mapping)  # type: ignore[attr-defined]
        values["recorded_at"] = chain.as_utc(values["recorded_at"])
        return cls(**values)


def utc_now() -> datetime:
    return datetime.now(UTC)


class EventStore:
    """One store per transaction: it remembers stream heads it has seen, to chain the next event."""

    def __init__(self, conn: AsyncConnection, clock: Callable[[], datetime] = utc_now) -> None:
        self._conn = conn
        self._clock = clock
        self._postgres = conn.dialect.name == "postgresql"
        self._heads: dict[str, tuple[int, str]] = {}
        self._appended_in_transaction = 0

    async def append(
        self,
        stream_id: str,
        expected_version: int,
        new_events: Sequence[NewEvent],
        meta: Metadata,
    ) -> list[RecordedEvent]:
        """Append after `expected_version`; another writer having got there first is a ConflictError."""
        prev_hash = await self._head_hash(stream_id, expected_version)
        recorded_at = chain.as_utc(self._clock())
        records: list[RecordedEvent] = []
        for offset, new in enumerate(new_events, start=1):
            version = expected_version + offset
            digest = chain.link(
                prev_hash,
                chain.canonical(
                    stream_id=stream_id,
                    version=version,
                    topic=new.topic,
                    state=new.state,
                    recorded_at=recorded_at,
                    effective_date=new.effective_date,
                    actor=meta.actor,
                    correlation_id=meta.correlation_id,
                    causation_id=meta.causation_id,
                    actor_name=meta.actor_name,
                    actor_roles=meta.roles_text,
                ),
            )
            records.append(
                RecordedEvent(
                    None, stream_id, version, new.topic, new.state, recorded_at, new.effective_date,
                    meta.actor, meta.correlation_id, meta.causation_id, prev_hash, digest,
                    meta.actor_name, meta.roles_text,
                )
            )
            prev_hash = digest
        await self._insert(records)
        self._heads[stream_id] = (records[-1].version, records[-1].hash)
        return records

    async def _insert(self, records: list[RecordedEvent]) -> None:
        try:
            if self._postgres:
                await self._insert_postgres(records)
            else:
                await self._conn.execute(events.insert().values(notification_id=_SQLITE_NOTIFICATION_ID), [_row(r) for r in records])
        except IntegrityError as error:
            self._raise_if_conflict(records[0], str(error))
            raise
        except Exception as error:  # asyncpg's own UniqueViolationError on the fast path
            if type(error).__name__ == "UniqueViolationError":
                self._raise_if_conflict(records[0], str(error))
            raise

    async def _insert_postgres(self, records: list[RecordedEvent]) -> None:
        """The hot path: straight to asyncpg, inside the transaction SQLAlchemy opened."""
        if self._appended_in_transaction + len(records) > MAX_EVENTS_PER_TRANSACTION:
            raise ValueError("too many events in one transaction")
        first = self._appended_in_transaction + 1
        self._appended_in_transaction += len(records)
        columns = (
            list(range(first, first + len(records))),
            *(list(column) for column in zip(*(_pg_values(r) for r in records), strict=True)),
        )
        adapted = self._conn.sync_connection.connection.dbapi_connection  # type: ignore[union-attr]
        # SQLAlchemy's asyncpg adapter sends BEGIN lazily, on its own first statement; going to the
        # driver directly, make sure that BEGIN has been sent or the rows would autocommit.
        if adapted._transaction is None:  # type: ignore[union-attr]
            await adapted._start_transaction()  # type: ignore[union-attr]
        await adapted.driver_connection.execute(_PG_INSERT, *columns)  # type: ignore[union-attr]

    @staticmethod
    def _raise_if_conflict(first: RecordedEvent, message: str) -> None:
        if "uq_events_stream_version" in message or "events.stream_id, events.version" in message:
            raise ConflictError(
                f"stream {first.stream_id} has moved past version {first.version - 1}; reload and try again",
                field="expected_version",
                rule="optimistic_concurrency",
            ) from None

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
        records = [RecordedEvent.from_row(row) for row in result]
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
        for row in result:
            record = RecordedEvent.from_row(row)
            found.setdefault(record.stream_id, []).append(record)
        return found

    async def read_all(self, after: int = 0, limit: int = 100) -> list[RecordedEvent]:
        """Every event after notification id `after`, in global order, never skipping a late commit."""
        query = select(events).where(events.c.notification_id > after)
        if self._postgres:
            query = query.where(events.c.notification_id < _PG_VISIBLE_BELOW)
        query = query.order_by(events.c.notification_id).limit(limit)
        result = await self._conn.execute(query)
        return [RecordedEvent.from_row(row) for row in result]



def _pg_values(r: RecordedEvent) -> tuple:
    return (
        r.stream_id, r.version, r.topic, r.state, r.recorded_at, r.effective_date,
        r.actor, r.correlation_id, r.causation_id, r.prev_hash, r.hash, r.actor_name, r.actor_roles,
    )


def _row(record: RecordedEvent) -> dict:
    row = dict(record.__dict__)
    del row["notification_id"]
    return row


def _db_time(moment: datetime, postgres: bool) -> datetime:
    """SQLite compares timestamps as naive UTC text."""
    utc = chain.as_utc(moment)
    return utc if postgres else utc.replace(tzinfo=None)
