"""Observation periods after a yellow warning (issue #12, 004): their read model, written with each period's
events (`ObservationPeriod`) and rebuilt from them. No recorded event changes; a database upgraded with final
appraisals recorded before this revision has no periods for them (none was opened when they became final).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "observation_periods_view",
        sa.Column("id", ID, primary_key=True),
        sa.Column("tenure_id", ID, nullable=False, index=True),
        sa.Column("manager_id", ID, nullable=False, index=True),
        sa.Column("enterprise_id", ID, nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("observation_periods_view")
