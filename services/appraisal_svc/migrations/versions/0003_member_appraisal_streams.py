"""Each member's annual appraisal in a stream of its own (`MemberAppraisal`); the group's stream keeps only what
is the group's. No recorded event is edited, deleted or copied: this revision changes no row.

What was chosen, and why. Appraisal groups recorded before this revision carry every member's sheet, inputs,
results and reports in their own events (`AnnualAppraisal.Opened/Closed/ObjectionDecided/Revised/Finalised`).
Two ways were open: derive `MemberAppraisal` streams for them here (copies of that detail, with the source
event's recorded_at, actor and correlation, causation = the source event, chained anew), or read the detail
from the legacy events themselves. The second is taken:

- the legacy events are the record the auditors hold hashes of; copies would state every figure twice, in two
  chains, and a manager's record (its streams, heads and history) would change for history that did not;
- the group's aggregate replays them unchanged: the group's own state takes what is the group's (membership,
  the ranking decision `proposals`, overrides, objections, status), the member detail goes to `legacy`
  (domain/legacy.py), read for a member that has no stream of its own (api/schemas.py `member_public`,
  the record, the read models);
- nothing derived exists, so nothing derived can be sent again as a message; the `AnnualAppraisal.Finalised`
  messages such a group sent (with `finals`) stay what payroll settled.

A legacy group still open, closed or confirmed when the database is upgraded gets member streams at its next
step (adapters/appraisal_queries.py `members_to_decide`): opened on the sheet its `Opened` event recorded, with
the figures its events recorded, in that step's own unit of work. The read models need no new table: members'
rows of `appraisal_results_view` are written from their own streams from now on, and a rebuild writes those of
legacy groups from the legacy events as before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to rewrite: see above."""


def downgrade() -> None:
    """Nothing was written; an older revision cannot read member streams recorded since, so do not downgrade a
    database that has them."""
