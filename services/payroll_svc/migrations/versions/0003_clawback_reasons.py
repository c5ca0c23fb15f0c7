"""A payment line's note holds a clawback's whole reason (up to 2,000 characters, as the command allows);
300 refused longer reasons on PostgreSQL with a 500.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_lines_view") as lines:
        lines.alter_column("note", type_=sa.String(2000), existing_type=sa.String(300), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("payment_lines_view") as lines:
        lines.alter_column("note", type_=sa.String(300), existing_type=sa.String(2000), existing_nullable=True)
