"""The outbox's and the inbox's pending rows indexed alone: finding them no longer grows with what was sent.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from shared.migrations.pending_indexes import downgrade_from_pending_indexes, upgrade_to_pending_indexes

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to_pending_indexes()


def downgrade() -> None:
    downgrade_from_pending_indexes()
