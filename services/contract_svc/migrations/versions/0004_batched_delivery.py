"""Batched delivery: the inbox keeps each message until it has taken effect; the outbox keeps dead letters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from shared.migrations.delivery import downgrade_from_batched_delivery, upgrade_to_batched_delivery

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to_batched_delivery()


def downgrade() -> None:
    downgrade_from_batched_delivery()
