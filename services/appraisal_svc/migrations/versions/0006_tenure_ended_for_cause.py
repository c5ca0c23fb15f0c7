"""What the appraisal service knows of a tenure's end says whether it ended for cause (a rigid exit), which
leaves the manager out of the appraisal group of every year ending after it (DOMAIN.md "Exit for cause").

Tenures learned before this revision keep NULL: the messages that ended them did not say, and an unknown
cause is read as not for cause (the manager stays a member, as before).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from shared.migrations.knowledge import add_ended_for_cause, drop_ended_for_cause

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_ended_for_cause()


def downgrade() -> None:
    drop_ended_for_cause()
