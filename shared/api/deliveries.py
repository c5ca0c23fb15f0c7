"""`GET /deliveries`: what operations watch of a service's messages, as the lag of a Kafka consumer group is
watched: per destination what its outbox still holds and since when, its dead letters; what its inbox holds,
what waits and for what, what failed and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.api.deps import ReadDep
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.eventstore.tables import inbox, outbox

SHOWN = 20  # of each kind of message that needs a look, the oldest


class DestinationPublic(BaseModel):
    destination: str
    pending: int
    oldest_pending_at: datetime | None
    dead: int


class HeldMessage(BaseModel):
    """A message that needs a look: dead (refused by its receiver), waiting (for what) or failed (why)."""

    message_id: str
    type: str | None = None
    destination: str | None = None
    since: datetime
    attempts: int
    reason: str | None


class InboxPublic(BaseModel):
    pending: int
    oldest_pending_at: datetime | None
    waiting: list[HeldMessage]
    failed: list[HeldMessage]


class DeliveriesPublic(BaseModel):
    outbox: list[DestinationPublic]
    dead_letters: list[HeldMessage]
    inbox: InboxPublic


def deliveries_router() -> APIRouter:
    router = APIRouter(route_class=CommandRoute, tags=["operations"])

    @router.get("/deliveries", response_model=DeliveriesPublic, dependencies=[allow("delivery.read")],
                summary="What the outbox still holds per destination, and what the inbox holds, waits for or failed")
    async def deliveries(conn: ReadDep) -> DeliveriesPublic:
        return DeliveriesPublic(outbox=await _destinations(conn), dead_letters=await _dead_letters(conn),
                                inbox=await _inbox(conn))

    return router


async def _destinations(conn: AsyncConnection) -> list[DestinationPublic]:
    pending = outbox.c.delivered_at.is_(None) & outbox.c.dead_at.is_(None)
    query = select(outbox.c.destination, func.count().filter(pending), func.min(outbox.c.created_at).filter(pending),
                   func.count().filter(outbox.c.dead_at.is_not(None))).group_by(outbox.c.destination)
    return [DestinationPublic(destination=d, pending=p, oldest_pending_at=o, dead=x)
            for d, p, o, x in await conn.execute(query.order_by(outbox.c.destination))]


async def _dead_letters(conn: AsyncConnection) -> list[HeldMessage]:
    query = select(outbox).where(outbox.c.dead_at.is_not(None)).order_by(outbox.c.id).limit(SHOWN)
    return [HeldMessage(message_id=r.message_id, destination=r.destination, since=r.dead_at, attempts=r.attempts,
                        reason=r.last_error) for r in await conn.execute(query)]


async def _inbox(conn: AsyncConnection) -> InboxPublic:
    unprocessed = inbox.c.processed_at.is_(None)
    pending, oldest = (await conn.execute(select(func.count(), func.min(inbox.c.received_at)).where(unprocessed))).one()
    return InboxPublic(pending=pending, oldest_pending_at=oldest,
                       waiting=await _held(conn, unprocessed & inbox.c.waiting_for.is_not(None), "waiting_for"),
                       failed=await _held(conn, unprocessed & (inbox.c.attempts > 0), "last_error"))


async def _held(conn: AsyncConnection, where: Any, reason: str) -> list[HeldMessage]:
    query = select(inbox).where(where).order_by(inbox.c.received_at, inbox.c.position).limit(SHOWN)
    return [HeldMessage(message_id=r.message_id, type=r.type, since=r.received_at, attempts=r.attempts,
                        reason=getattr(r, reason)) for r in await conn.execute(query)]
