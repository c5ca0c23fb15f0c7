"""The foundation's tables, what the service learns of the contract side, and its read models.

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
TABLES = (
    "tenure_appraisals_view", "exit_proposals_view", "appraisal_results_view", "appraisals_view",
    "known_letters", "known_tenures", "known_policy_versions", "known_managers", "known_enterprises",
)


def upgrade() -> None:
    create_foundation_tables()
    op.create_table(
        "known_enterprises",
        sa.Column("id", ID, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("category", sa.String(100), nullable=False),
    )
    op.create_table(
        "known_managers",
        sa.Column("id", ID, primary_key=True),
        sa.Column("code", sa.String(50), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("position", sa.String(40), nullable=False),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
    )
    op.create_table(
        "known_policy_versions",
        sa.Column("policy_id", ID, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("parameters", sa.JSON, nullable=False),
    )
    op.create_table(
        "known_tenures",
        sa.Column("id", ID, primary_key=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("position", sa.String(40), nullable=False),
        sa.Column("policy_id", ID, nullable=False),
        sa.Column("policy_version", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("term_number", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ended_reason", sa.String(20)),
        sa.Column("ended_on", sa.Date),
    )
    op.create_table(
        "known_letters",
        sa.Column("tenure_id", ID, primary_key=True),
        sa.Column("key", sa.String(30), primary_key=True),
        sa.Column("version_number", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("kpis", sa.JSON, nullable=False),
        sa.Column("policy_version", sa.Integer, nullable=False),
        sa.Column("signed_by_enterprise", sa.Boolean, nullable=False),
        sa.Column("signed_by_manager", sa.Boolean, nullable=False),
    )
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
