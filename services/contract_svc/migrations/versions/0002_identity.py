"""Identity: actor name and roles on events, inbox keyed by authenticated sender, caller-scoped idempotency
keys, the access log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from shared.migrations.foundation import downgrade_from_identity, upgrade_to_identity

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to_identity()


def downgrade() -> None:
    downgrade_from_identity()
