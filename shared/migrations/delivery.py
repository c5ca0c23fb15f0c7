"""Revision 0004 of every service: batched delivery. The inbox keeps each message until it has taken effect
(body, arrival order, what it waits for, failures); the outbox keeps dead letters apart. Spelt out so that
later edits of shared/eventstore/tables.py cannot change history."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

INBOX_COLUMNS = ("position", "stream_id", "version", "body", "processed_at", "waiting_for", "attempts",
                 "next_attempt_at", "last_error")


def upgrade_to_batched_delivery() -> None:
    with op.batch_alter_table("inbox") as inbox:
        inbox.add_column(sa.Column("position", sa.Integer, nullable=True))
        inbox.add_column(sa.Column("stream_id", sa.String(36), nullable=True))
        inbox.add_column(sa.Column("version", sa.Integer, nullable=True))
        inbox.add_column(sa.Column("body", sa.Text, nullable=True))
        inbox.add_column(sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True))
        inbox.add_column(sa.Column("waiting_for", sa.Text, nullable=True))
        inbox.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        inbox.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        inbox.add_column(sa.Column("last_error", sa.Text, nullable=True))
    # every message received before took effect in the request that delivered it
    op.execute("UPDATE inbox SET processed_at = received_at")
    op.create_index("ix_inbox_pending", "inbox", ["processed_at", "received_at", "position"])
    with op.batch_alter_table("outbox") as outbox:
        outbox.add_column(sa.Column("dead_at", sa.DateTime(timezone=True), nullable=True))


def downgrade_from_batched_delivery() -> None:
    with op.batch_alter_table("outbox") as outbox:
        outbox.drop_column("dead_at")
    op.drop_index("ix_inbox_pending", "inbox")
    with op.batch_alter_table("inbox") as inbox:
        for column in reversed(INBOX_COLUMNS):
            inbox.drop_column(column)
