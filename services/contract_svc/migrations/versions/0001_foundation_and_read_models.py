"""The foundation's tables and the contract service's read models.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.migrations.foundation import create_foundation_tables, drop_foundation_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    create_foundation_tables()
    op.create_table(
        "enterprises_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False, unique=True),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200)),
        sa.Column("category", sa.String(100), nullable=False, index=True),
        sa.Column("has_board", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "managers_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("level", sa.String(20), nullable=False, index=True),
        sa.Column("position", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200)),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "policies_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("scope_key", sa.String(150), nullable=False, unique=True),
        sa.Column("enterprise_id", ID),
        sa.Column("category", sa.String(100)),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "tenures_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("term_number", sa.Integer, nullable=False),
        sa.Column("previous_tenure_id", ID),
        sa.Column("signed_on", sa.Date),
        sa.Column("ended_reason", sa.String(20)),
        sa.Column("ended_on", sa.Date),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "bids_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("position", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("bids_view", "tenures_view", "policies_view", "managers_view", "enterprises_view"):
        op.drop_table(table)
    drop_foundation_tables()
