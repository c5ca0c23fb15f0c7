"""A later revision of every service: the remembered first answer of an Idempotency-Key keeps its ETag, so that a
replay tells the client the version it may send as If-Match, as the first answer did. Rows remembered before it
have none (their replays answer without ETag, as they did). Spelt out so that later edits of
shared/eventstore/tables.py cannot change history."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def upgrade_to_replayed_etag() -> None:
    with op.batch_alter_table("idempotency_keys") as table:
        table.add_column(sa.Column("etag", sa.String(100), nullable=True))


def downgrade_from_replayed_etag() -> None:
    with op.batch_alter_table("idempotency_keys") as table:
        table.drop_column("etag")
