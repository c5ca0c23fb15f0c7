"""Revision 0005 of every service: the outbox's and the inbox's pending rows indexed alone (partial indexes).

The old indexes held every row ever sent or received, so a prepared statement's generic plan walked the
delivered ones to find the pending (21 ms for 800 pending rows behind 60,000 delivered, against 0.5 ms):
the relay slowed down as the outbox grew. A partial index holds only what is still to do. Spelt out so that
later edits of shared/eventstore/tables.py cannot change history."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

OUTBOX_PENDING = "delivered_at IS NULL AND dead_at IS NULL"
INBOX_PENDING = "processed_at IS NULL"


def upgrade_to_pending_indexes() -> None:
    op.drop_index("ix_outbox_pending", "outbox")
    op.create_index("ix_outbox_pending", "outbox", ["destination", "id"],
                    postgresql_where=sa.text(OUTBOX_PENDING), sqlite_where=sa.text(OUTBOX_PENDING))
    op.drop_index("ix_inbox_pending", "inbox")
    op.create_index("ix_inbox_pending", "inbox", ["received_at", "position", "source", "message_id"],
                    postgresql_where=sa.text(INBOX_PENDING), sqlite_where=sa.text(INBOX_PENDING))


def downgrade_from_pending_indexes() -> None:
    op.drop_index("ix_inbox_pending", "inbox")
    op.create_index("ix_inbox_pending", "inbox", ["processed_at", "received_at", "position"])
    op.drop_index("ix_outbox_pending", "outbox")
    op.create_index("ix_outbox_pending", "outbox", ["destination", "delivered_at", "id"])
