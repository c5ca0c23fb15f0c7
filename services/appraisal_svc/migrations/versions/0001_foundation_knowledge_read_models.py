"""The foundation's tables, what the service learns of the contract side, and its read models.

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
TABLES = ("tenure_appraisals_view", "exit_proposals_view", "appraisal_results_view", "appraisals_view", *KNOWLEDGE_TABLES)


def upgrade() -> None:
    create_foundation_tables()
    create_knowledge_tables()
    op.create_table(
        "appraisals_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("policy_version", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "appraisal_results_view",
        sa.Column("appraisal_id", ID, primary_key=True),
        sa.Column("tenure_id", ID, primary_key=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("total", sa.Numeric(12, 2)),
        sa.Column("grade", sa.String(20)),
        sa.Column("position", sa.Integer),
        sa.Column("group_size", sa.Integer),
        sa.Column("exit_triggers", sa.JSON),
        sa.Column("warnings", sa.JSON),
        sa.Column("ranking_warnings", sa.JSON),
    )
    op.create_table(
        "exit_proposals_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("tenure_id", ID, nullable=False, index=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("triggers", sa.JSON, nullable=False),
        sa.Column("proposed_on", sa.Date, nullable=False),
        sa.Column("decision", sa.JSON),
    )
    op.create_table(
        "tenure_appraisals_view",
        sa.Column("tenure_id", ID, primary_key=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("score", sa.Numeric(12, 2), nullable=False),
        sa.Column("grade", sa.String(20), nullable=False),
        sa.Column("final_on", sa.Date, nullable=False),
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    drop_foundation_tables()
