"""The foundation's tables, what the service learns of the contract side, and its pay read models.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.migrations.foundation import create_foundation_tables, drop_foundation_tables
from shared.migrations.knowledge import KNOWLEDGE_TABLES, create_knowledge_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    create_foundation_tables()
    create_knowledge_tables()
    op.create_table(
        "accounts_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("tenure_id", ID, nullable=False, unique=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("base", sa.Numeric(14, 2), nullable=False),
        sa.Column("performance", sa.Numeric(14, 2), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "known_results",
        sa.Column("tenure_id", ID, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("ref", sa.String(120), nullable=False),
    )
    op.create_table(
        "payment_lines_view",
        sa.Column("account_id", ID, primary_key=True),
        sa.Column("line_id", sa.String(20), primary_key=True),
        sa.Column("tenure_id", ID, nullable=False, index=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("for_period", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("cause", sa.JSON, nullable=False),
        sa.Column("note", sa.String(300)),
        sa.Column("corrects", sa.String(20)),
        sa.Column("policy_version", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("payment_lines_view", "known_results", "accounts_view", *KNOWLEDGE_TABLES):
        op.drop_table(table)
    drop_foundation_tables()
