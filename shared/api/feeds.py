"""The routes every service has: its event feed (`GET /events`) and its inbox (`POST /inbox`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from shared.api.deps import ReadDep, WiringDep
from shared.api.routing import CommandRoute
from shared.eventstore.store import EventStore, Metadata, RecordedEvent
from shared.eventstore.tables import events
from shared.messages import Message, event_payload, event_type
from shared.unit_of_work import UnitOfWork

MessageHandler = Callable[[UnitOfWork, Message], Awaitable[None]]


class EventPublic(BaseModel):
    notification_id: int
    stream_id: str
    version: int
    type: str
    topic: str
    recorded_at: str
    effective_date: str | None
    actor: str
    correlation_id: str
    causation_id: str | None
    prev_hash: str
    hash: str
    payload: dict[str, Any]

    @classmethod
    def of(cls, record: RecordedEvent) -> EventPublic:
        return cls(
            notification_id=record.notification_id or 0,
            stream_id=record.stream_id,
            version=record.version,
            type=event_type(record.topic),
            topic=record.topic,
            recorded_at=record.recorded_at.isoformat(),
            effective_date=record.effective_date.isoformat() if record.effective_date else None,
            actor=record.actor,
            correlation_id=record.correlation_id,
            causation_id=record.causation_id,
            prev_hash=record.prev_hash,
            hash=record.hash,
            payload=event_payload(record),
        )


class EventPage(BaseModel):
    events: list[EventPublic]
    next_after: int


class InboxReceipt(BaseModel):
    message_id: str
    outcome: str  # "processed" | "duplicate" | "ignored"


def feed_router(handlers: Mapping[str, MessageHandler]) -> APIRouter:
    router = APIRouter(route_class=CommandRoute, tags=["integration"])

    @router.get("/events", response_model=EventPage, summary="This service's events in global order")
    async def read_events(
        conn: ReadDep,
        after: Annotated[int, Query(ge=0, description="Return events with a notification id above this")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> EventPage:
        records = await EventStore(conn).read_all(after, limit)
        return EventPage(
            events=[EventPublic.of(r) for r in records],
            next_after=records[-1].notification_id if records else after,
        )

    @router.post("/inbox", response_model=InboxReceipt, summary="Receive a message from another service's outbox")
    async def receive(message: Message, request: Request, wiring: WiringDep) -> InboxReceipt:
        meta = Metadata(actor=message.actor, correlation_id=message.correlation_id, causation_id=message.message_id)
        uow = request.state.uow = UnitOfWork(wiring, meta)
        handler = handlers.get(message.type)
        if not await uow.mark_processed(message.message_id, message.source, message.type):
            return InboxReceipt(message_id=message.message_id, outcome="duplicate")
        if handler is not None:
            await handler(uow, message)
        return InboxReceipt(message_id=message.message_id, outcome="processed" if handler else "ignored")

    return router
