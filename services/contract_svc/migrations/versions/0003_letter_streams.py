"""Performance letters in streams of their own; exit proposals learned into a table, not the tenure's stream.

Nothing recorded is edited or deleted: the letter events already in tenure streams stay there (Tenure replays
them as no-ops) and each is copied, with the tenure's id added, into its letter's new stream
(uuid5 of the tenure and the letter's key), keeping its recorded time, business date, actor and correlation;
its causation is the message id of the event it was copied from, and the new stream's hash chain is computed
as the store computes it. The copies go to no outbox: the other services learned those letters already from
the original messages. Each `Tenure.ExitProposalReceived` becomes a row of exit_proposals_received.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import sqlalchemy as sa
from alembic import op

from shared.eventstore import chain
from shared.eventstore.codec import mapper
from shared.eventstore.tables import events
from shared.messages import jsonable

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SOURCE = "contract"
OLD = "services.contract_svc.domain.tenure:Tenure."
NEW = "services.contract_svc.domain.letter:PerformanceLetter"
COPIED = {"LetterIssued": "Issued", "LetterSigned": "Signed", "LetterRevised": "Revised"}
LETTER_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/contract/letters")  # as domain/letter.py derives ids

proposals = sa.table(
    "exit_proposals_received",
    sa.column("proposal_id"), sa.column("tenure_id"), sa.column("year"), sa.column("basis"),
    sa.column("triggers", sa.JSON), sa.column("proposed_on", sa.Date), sa.column("received_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table(
        "exit_proposals_received",
        sa.Column("proposal_id", sa.String(80), primary_key=True),
        sa.Column("tenure_id", sa.String(36), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("basis", sa.String(40), nullable=False),
        sa.Column("triggers", sa.JSON, nullable=False),
        sa.Column("proposed_on", sa.Date, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    bind = op.get_bind()
    _copy_letters(bind)
    _learn_proposals(bind)


def _copy_letters(bind: sa.Connection) -> None:
    topics = [OLD + name for name in COPIED]
    rows = bind.execute(sa.select(events).where(events.c.topic.in_(topics))
                        .order_by(events.c.notification_id)).mappings().all()
    heads: dict[str, tuple[int, str]] = {}
    for k, row in enumerate(rows, start=1):
        state = mapper().transcoder.decode(row["state"])
        stream_id = str(uuid5(LETTER_NAMESPACE, f"{row['stream_id']}:{state['key']}"))
        version, prev_hash = heads.get(stream_id, (0, chain.GENESIS))
        name = COPIED[row["topic"].removeprefix(OLD)]
        copied = _copied_state(state, UUID(row["stream_id"]), name)
        record = {
            "stream_id": stream_id, "version": version + 1, "topic": f"{NEW}.{name}",
            "state": mapper().transcoder.encode(copied), "recorded_at": chain.as_utc(row["recorded_at"]),
            "effective_date": row["effective_date"], "actor": row["actor"], "correlation_id": row["correlation_id"],
            "causation_id": f"{SOURCE}:{row['stream_id']}:{row['version']}",
            "actor_name": row["actor_name"], "actor_roles": row["actor_roles"],
        }
        record["hash"] = chain.link(prev_hash, chain.canonical(**record))
        bind.execute(events.insert().values(notification_id=_notification_id(bind, k), prev_hash=prev_hash, **record))
        heads[stream_id] = (version + 1, record["hash"])


def _copied_state(state: dict[str, Any], tenure_id: UUID, name: str) -> dict[str, Any]:
    """The letter event's own attributes with the tenure's id, as PerformanceLetter records them."""
    copied = {"timestamp": state["timestamp"]}
    if name == "Issued":
        copied["originator_topic"] = NEW
    copied["tenure_id"] = tenure_id
    copied.update((k, v) for k, v in state.items() if k not in ("timestamp", "originator_topic"))
    return copied


def _notification_id(bind: sa.Connection, k: int) -> Any:
    """As the store assigns it: after every id so far on SQLite; from the transaction's id on PostgreSQL."""
    if bind.dialect.name == "postgresql":
        return sa.literal_column(f"(pg_current_xact_id()::text::bigint << 20) + {k}")
    return sa.literal_column("(SELECT COALESCE(MAX(notification_id), 0) + 1 FROM events)")


def _learn_proposals(bind: sa.Connection) -> None:
    rows = bind.execute(sa.select(events).where(events.c.topic == OLD + "ExitProposalReceived")
                        .order_by(events.c.notification_id)).mappings().all()
    seen: set[str] = set()
    for row in rows:
        state = mapper().transcoder.decode(row["state"])
        if state["proposal_id"] in seen:
            continue
        seen.add(state["proposal_id"])
        bind.execute(proposals.insert().values(
            proposal_id=state["proposal_id"], tenure_id=row["stream_id"], year=state["year"], basis=state["basis"],
            triggers=jsonable(state["triggers"]), proposed_on=state["proposed_on"], received_at=chain.as_utc(row["recorded_at"]),
        ))


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(events.delete().where(events.c.topic.like(f"{NEW}.%")))
    op.drop_table("exit_proposals_received")
