"""The exit proposals the contract side learned from the appraisal side's messages, waiting for a decision.

The proposal is the appraisal service's; this table is what the contract service knows of it, written in the
same transaction as the inbox mark of the message that taught it. It is not rebuilt from this service's events.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, String, Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.contract_svc.domain.records import ExitProposal
from shared.eventstore.chain import as_utc
from shared.unit_of_work import UnitOfWork

metadata = MetaData()

exit_proposals_received = Table(
    "exit_proposals_received",
    metadata,
    Column("proposal_id", String(80), primary_key=True),
    Column("tenure_id", String(36), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("basis", String(40), nullable=False),
    Column("triggers", JSON, nullable=False),
    Column("proposed_on", Date, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


def _proposal(row: object) -> ExitProposal:
    r = row._mapping  # type: ignore[attr-defined]
    return ExitProposal(r["proposal_id"], UUID(r["tenure_id"]), r["year"], r["basis"], tuple(r["triggers"]),
                        r["proposed_on"])


async def received(conn: AsyncConnection, proposal_id: str) -> ExitProposal | None:
    row = (await conn.execute(select(exit_proposals_received)
                              .where(exit_proposals_received.c.proposal_id == proposal_id))).first()
    return None if row is None else _proposal(row)


async def received_by(uow: UnitOfWork, proposal_id: str) -> ExitProposal | None:
    await uow.begin()
    assert uow.conn is not None
    return await received(uow.conn, proposal_id)


async def received_for(conn: AsyncConnection, tenure_id: UUID, as_of: datetime | None = None) -> list[ExitProposal]:
    """The tenure's proposals in the order they were received; as of a time, those received by then."""
    c = exit_proposals_received.c
    query = select(exit_proposals_received).where(c.tenure_id == str(tenure_id))
    rows = (await conn.execute(query.order_by(c.received_at, c.proposal_id))).all()
    return [_proposal(r) for r in rows if as_of is None or as_utc(r.received_at) <= as_utc(as_of)]


async def received_for_tenure(uow: UnitOfWork, tenure_id: UUID) -> list[ExitProposal]:
    await uow.begin()
    assert uow.conn is not None
    return await received_for(uow.conn, tenure_id)


async def learn(uow: UnitOfWork, proposal: ExitProposal) -> None:
    """Keep a proposal not known yet, received now; a repeat of one known changes nothing."""
    if await received_by(uow, proposal.proposal_id) is None:
        assert uow.conn is not None
        await uow.conn.execute(insert(exit_proposals_received).values(
            proposal_id=proposal.proposal_id, tenure_id=str(proposal.tenure_id), year=proposal.year,
            basis=proposal.basis, triggers=list(proposal.triggers), proposed_on=proposal.proposed_on,
            received_at=uow.wiring.clock(),
        ))
