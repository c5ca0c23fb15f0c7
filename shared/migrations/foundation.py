"""Revision 0001 of every service: the foundation's tables, spelt out so later edits cannot change history."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

BIGINT_PK = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def create_foundation_tables() -> None:
    op.create_table(
        "events",
        sa.Column("notification_id", BIGINT_PK, primary_key=True, autoincrement=False),
        sa.Column("stream_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("topic", sa.String(255), nullable=False),
        sa.Column("state", sa.LargeBinary, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_date", sa.Date, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("correlation_id", sa.String(36), nullable=False),
        sa.Column("causation_id", sa.String(80), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
    )
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    op.create_table(
        "outbox",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("destination", sa.String(100), nullable=False),
        sa.Column("message_id", sa.String(80), nullable=False),
        sa.Column("stream_id", sa.String(36), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("destination", "message_id", name="uq_outbox_destination_message"),
    )
    op.create_index("ix_outbox_pending", "outbox", ["destination", "delivered_at", "id"])
    op.create_table(
        "inbox",
        sa.Column("message_id", sa.String(80), primary_key=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("location", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def drop_foundation_tables() -> None:
    for table in ("idempotency_keys", "inbox", "outbox", "events"):
        op.drop_table(table)
