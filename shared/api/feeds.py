"""The routes every service has: its event feed (`GET /events`) and its inbox (`POST /inbox`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, TypeAdapter, ValidationError
from shared.api.deps import ReadDep, WiringDep
from shared.api.security import allow
from shared.api.routing import CommandRoute
from shared.eventstore.store import EventStore, Metadata, RecordedEvent
from shared.errors import AuthenticationError, InvalidInputError
from shared.messages import Message, event_payload, event_type, message_id_of
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
_MESSAGE = TypeAdapter(Message)
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
    actor_name: str | None
    actor_roles: list[str]
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
            actor_name=record.actor_name,
            actor_roles=record.actor_roles.split(",") if record.actor_roles else [],
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

    @router.get("/events", response_model=EventPage, summary="This service's events in global order",
                dependencies=[allow("feed.read")])
    async def read_events(
        conn: ReadDep,
        after: Annotated[int, Query(ge=0, le=2**62, description="Return events with a notification id above this")] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> EventPage:
        records = await EventStore(conn).read_all(after, limit)
        return EventPage(
            events=[EventPublic.of(r) for r in records],
            next_after=records[-1].notification_id if records else after,
        )

    @router.post("/inbox", response_model=InboxReceipt, summary="Receive a message from another service's outbox",
                 responses={401: {"description": "Unsigned, forged, stale or wrongly addressed; nothing recorded"}},
                 openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object"}}}}})
    async def receive(request: Request, wiring: WiringDep) -> InboxReceipt:
        """Signed by the sending service (`Tenure-Source`, `Tenure-Signature`); see shared/auth/messages.py."""
        message = await trusted_message(request)
        meta = Metadata(actor=message.actor, correlation_id=message.correlation_id, causation_id=message.message_id,
                        actor_name=message.actor_name, actor_roles=(f"service:{message.source}",))
        uow = request.state.uow = UnitOfWork(wiring, meta)
        handler = handlers.get(message.type)
        if not await uow.mark_processed(message.message_id, message.source, message.type):
            return InboxReceipt(message_id=message.message_id, outcome="duplicate")
        if handler is not None:
            await handler(uow, message)
        return InboxReceipt(message_id=message.message_id, outcome="processed" if handler else "ignored")

    return router


async def trusted_message(request: Request) -> Message:
    """The message, once its signature names a sender allowed to send here and its id is that sender's own."""
    body = await request.body()
    try:
        source = request.app.state.security.signer.check(request.headers, body)
    except AuthenticationError as refusal:
        log.warning("inbox refused a message from %s: %s (%s)", request.client.host if request.client else "?",
                    refusal.detail, refusal.rule)
        raise
    try:
        message = _MESSAGE.validate_json(body)
    except ValidationError as error:
        raise InvalidInputError(f"the message is not a valid message: {error.errors()[0]['msg']}", field="body",
                                rule="message_format") from None
    if message.source != source or message.message_id != message_id_of(source, message.stream_id, message.version):
        log.warning("inbox refused message %r: it does not match its signed sender %s", message.message_id, source)
        raise AuthenticationError("the message's id or source does not match its authenticated sender",
                                  field="message_id", rule="message_identity")
    return message
