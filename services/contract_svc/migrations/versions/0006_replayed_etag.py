"""The remembered first answer of an Idempotency-Key keeps its ETag (shared/migrations/replayed_etag.py).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from shared.migrations.replayed_etag import downgrade_from_replayed_etag, upgrade_to_replayed_etag

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to_replayed_etag()


def downgrade() -> None:
    downgrade_from_replayed_etag()
