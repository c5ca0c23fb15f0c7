"""How the events of an append are written: one statement, whatever their number and their streams.

On PostgreSQL what the events share (the transaction's notification ids, who asked, when) travels once, what
differs (stream, version, type, state, business date, hashes) as arrays unnested into rows, n = 1, 2, ...; the
notification id is `xid << 20 | k` (store.py says why), k counting the transaction's events. On SQLite, one
executemany, each row numbered max + 1 under the write lock `BEGIN IMMEDIATE` holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import literal_column
from sqlalchemy.engine import Connection

from shared.eventstore.recorded import RecordedEvent
from shared.eventstore.tables import events

TX_SHIFT = 20
PG_INSERT = (
    "INSERT INTO events (notification_id, stream_id, version, topic, state, recorded_at, effective_date, actor,"
    " correlation_id, causation_id, prev_hash, hash, actor_name, actor_roles)"
    f" SELECT (pg_current_xact_id()::text::bigint << {TX_SHIFT}) + $1::bigint + n, s, v, t, st,"
    " $2::timestamptz, e, $3::text, $4::text, $5::text, p, h, $6::text, $7::text"
    " FROM unnest($8::text[], $9::int[], $10::text[], $11::bytea[], $12::date[], $13::text[], $14::text[])"
    " WITH ORDINALITY AS x(s, v, t, st, e, p, h, n)"
)
SQLITE_NOTIFICATION_ID = literal_column("(SELECT COALESCE(MAX(notification_id), 0) + 1 FROM events)")
_ROW_COLUMNS = [c.name for c in events.columns if c.name != "notification_id"]


def pg_parameters(counted: int, records: Sequence[RecordedEvent]) -> tuple[Any, ...]:
    """$1 to $14: the transaction's events `counted` before these, what the records share (one command's
    metadata and clock: `chained` made them so), then each one's own."""
    r = records[0]
    return (
        counted, r.recorded_at, r.actor, r.correlation_id, r.causation_id, r.actor_name, r.actor_roles,
        [r.stream_id for r in records], [r.version for r in records], [r.topic for r in records],
        [r.state for r in records], [r.effective_date for r in records], [r.prev_hash for r in records],
        [r.hash for r in records],
    )


def sqlite_row(record: RecordedEvent) -> dict[str, Any]:
    """The record's columns but the notification id, which the insert computes."""
    return {name: getattr(record, name) for name in _ROW_COLUMNS}


def execute_dbapi(conn: Connection, statement: str, parameters: tuple[Any, ...]) -> None:
    """PEP 249 on the connection SQLAlchemy manages (`Connection.connection`): cheaper than SQLAlchemy's own
    statement execution, and its asyncpg adapter begins the transaction first, as for any statement."""
    cursor = conn.connection.cursor()
    try:
        cursor.execute(statement, parameters)
    finally:
        cursor.close()
