"""What a service learns of the contract side (shared/knowledge), spelt out so later edits cannot change history."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

ID = sa.String(36)
KNOWLEDGE_TABLES = ("known_letters", "known_tenures", "known_policy_versions", "known_managers", "known_enterprises")


def create_knowledge_tables() -> None:
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


def add_ended_for_cause() -> None:
    """Revision 0006 of each service that learns tenures: whether a tenure ended for cause (a rigid exit)."""
    op.add_column("known_tenures", sa.Column("ended_for_cause", sa.Boolean, nullable=True))


def drop_ended_for_cause() -> None:
    with op.batch_alter_table("known_tenures") as batch:
        batch.drop_column("ended_for_cause")
