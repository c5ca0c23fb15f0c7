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
    op.create_table("idempotency_keys", sa.Column("key", sa.String(200), primary_key=True), *_first_answer_columns())


def _first_answer_columns() -> list[sa.Column]:
    """What an idempotency key keeps of the first answer, in revisions 0001 and 0002 alike."""
    return [
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("location", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def drop_foundation_tables() -> None:
    for table in ("idempotency_keys", "inbox", "outbox", "events"):
        op.drop_table(table)


def upgrade_to_identity() -> None:
    """Revision 0002 of every service: who acted (name and roles on events), the inbox keyed by authenticated
    sender, idempotency keys scoped to the caller, and the access log of reads of personal data."""
    with op.batch_alter_table("events") as events:
        events.add_column(sa.Column("actor_name", sa.String(200), nullable=True))
        events.add_column(sa.Column("actor_roles", sa.Text, nullable=True))
    op.create_table(
        "inbox_v2",
        sa.Column("source", sa.String(100), primary_key=True),
        sa.Column("message_id", sa.String(80), primary_key=True),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO inbox_v2 (source, message_id, type, received_at) "
               "SELECT source, message_id, type, received_at FROM inbox")
    op.drop_table("inbox")
    op.rename_table("inbox_v2", "inbox")
    op.create_table(
        "idempotency_v2",
        sa.Column("caller", sa.String(200), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        *_first_answer_columns(),
    )
    # keys kept from before authentication belong to no caller: they can no longer answer anyone
    op.execute("INSERT INTO idempotency_v2 (caller, key, fingerprint, status_code, body, media_type, location, "
               "created_at) SELECT '', key, fingerprint, status_code, body, media_type, location, created_at "
               "FROM idempotency_keys")
    op.drop_table("idempotency_keys")
    op.rename_table("idempotency_v2", "idempotency_keys")
    op.create_table(
        "access_log",
        sa.Column("id", BIGINT_PK, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("action", sa.String(200), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("manager_id", sa.String(36), nullable=False),
        sa.Column("client", sa.String(100), nullable=True),
    )
    op.create_index("ix_access_log_manager", "access_log", ["manager_id", "at"])


def downgrade_from_identity() -> None:
    op.drop_index("ix_access_log_manager", table_name="access_log")
    op.drop_table("access_log")
    op.execute("DELETE FROM idempotency_keys")
    with op.batch_alter_table("idempotency_keys", recreate="always") as keys:
        keys.drop_column("caller")
    with op.batch_alter_table("events") as events:
        events.drop_column("actor_roles")
        events.drop_column("actor_name")
