"""The tables every service keeps: events, outbox, inbox and idempotency records.

Each service has its own database and its own Alembic history; its migrations create these
tables from `foundation_metadata()` (or the same definitions spelt out) plus its read models.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# notification_id is assigned by the store, never by a sequence default: see store.py for why.
events = Table(
    "events",
    metadata,
    Column("notification_id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("stream_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("topic", String(255), nullable=False),
    Column("state", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("effective_date", Date, nullable=True),
    Column("actor", String(200), nullable=False),
    Column("correlation_id", String(36), nullable=False),
    Column("causation_id", String(80), nullable=True),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # the authenticated actor's display name and the roles it acted in (`role@ENTERPRISE`, comma-separated)
    Column("actor_name", String(200), nullable=True),
    Column("actor_roles", Text, nullable=True),
    UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
)
Index("ix_events_recorded_at", events.c.recorded_at)

outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("destination", String(100), nullable=False),
    Column("message_id", String(80), nullable=False),
    Column("stream_id", String(36), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    # refused by the receiver as malformed (a dead letter): kept, logged, skipped; an operator may requeue it
    Column("dead_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("destination", "message_id", name="uq_outbox_destination_message"),
)
_OUTBOX_PENDING = outbox.c.delivered_at.is_(None) & outbox.c.dead_at.is_(None)
# only what is still to send (partial): finding it does not grow with what was sent
Index("ix_outbox_pending", outbox.c.destination, outbox.c.id, postgresql_where=_OUTBOX_PENDING,
      sqlite_where=_OUTBOX_PENDING)

# keyed by the authenticated sender and its message id: one sender cannot pre-empt another's ids.
# A message is recorded on receipt (body and all) and takes effect later, once (shared/delivery/processor.py).
inbox = Table(
    "inbox",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("message_id", String(80), primary_key=True),
    Column("type", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("position", Integer, nullable=True),  # its place in the batch it came in: arrival order
    Column("stream_id", String(36), nullable=True),
    Column("version", Integer, nullable=True),
    Column("body", Text, nullable=True),  # null for messages recorded before revision 0004: all processed
    Column("processed_at", DateTime(timezone=True), nullable=True),
    Column("waiting_for", Text, nullable=True),  # what an unprocessed message waits for (NotReadyError)
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
)
Index("ix_inbox_pending", inbox.c.received_at, inbox.c.position, inbox.c.source, inbox.c.message_id,
      postgresql_where=inbox.c.processed_at.is_(None), sqlite_where=inbox.c.processed_at.is_(None))

# scoped to the authenticated caller: one caller's key never answers another's request
idempotency = Table(
    "idempotency_keys",
    metadata,
    Column("caller", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("location", String(500), nullable=True),
    Column("etag", String(100), nullable=True),  # the first answer's version, replayed with it
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# who read whose pay or tenure record, when, from where (DOMAIN: personal data; auditors list it per manager)
access_log = Table(
    "access_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("name", String(200), nullable=False),
    Column("roles", Text, nullable=False),
    Column("action", String(200), nullable=False),
    Column("path", String(500), nullable=False),
    Column("manager_id", String(36), nullable=False),
    Column("client", String(100), nullable=True),
)
Index("ix_access_log_manager", access_log.c.manager_id, access_log.c.at)
