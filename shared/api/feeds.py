"""The routes every service has: its event feed (`GET /events`) and its inbox (`POST /inbox`)."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from shared.api.deps import ReadDep, WiringDep
from shared.api.security import allow
from shared.api.routing import CommandRoute
from shared.eventstore.store import EventStore, Metadata, RecordedEvent
from shared.errors import AuthenticationError, InvalidInputError
from shared.messages import Message, event_payload, event_type, message_id_of
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


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


MAX_BATCH = 1000


class MessageBatch(BaseModel):
    """What a sending service's relay posts: its messages for this service, oldest first."""

    messages: list[Message] = Field(min_length=1, max_length=MAX_BATCH)


class InboxReceipt(BaseModel):
    message_id: str
    outcome: Literal["accepted", "duplicate"]  # accepted: recorded now, to take effect shortly; duplicate: before


class InboxReceipts(BaseModel):
    receipts: list[InboxReceipt]


_BATCH = TypeAdapter(MessageBatch)


def feed_router() -> APIRouter:
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

    @router.post("/inbox", response_model=InboxReceipts, summary="Receive a batch of messages from another "
                 "service's outbox", responses={401: {"description": "Unsigned, forged, stale or wrongly addressed; "
                                                      "nothing recorded"}},
                 openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object"}}}}})
    async def receive(request: Request, wiring: WiringDep) -> InboxReceipts:
        """Signed by the sending service (`Tenure-Source`, `Tenure-Signature`; shared/auth/messages.py). Each
        message is recorded and answered at once; it takes effect after the answer (shared/delivery)."""
        source, messages = await trusted_batch(request)
        meta = Metadata(actor=f"service:{source}", correlation_id=str(uuid.uuid4()))
        uow = request.state.uow = UnitOfWork(wiring, meta)
        receipts = await uow.receive(source, messages)
        return InboxReceipts(receipts=[InboxReceipt(message_id=r.message_id, outcome=r.outcome) for r in receipts])

    return router


async def trusted_batch(request: Request) -> tuple[str, list[Message]]:
    """The sender and its messages, once the signature names a sender allowed to send here and every message's
    id is that sender's own; one message that is not refuses the whole batch."""
    body = await request.body()
    try:
        source = request.app.state.security.signer.check(request.headers, body)
    except AuthenticationError as refusal:
        log.warning("inbox refused a batch from %s: %s (%s)", request.client.host if request.client else "?",
                    refusal.detail, refusal.rule)
        raise
    try:
        batch = _BATCH.validate_json(body)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidInputError(f"the batch is not a batch of messages: {first['msg']} at {where}", field=where,
                                rule="message_format") from None
    for message in batch.messages:
        if message.source != source or message.message_id != message_id_of(source, message.stream_id, message.version):
            log.warning("inbox refused message %r: it does not match its signed sender %s", message.message_id, source)
            raise AuthenticationError("a message's id or source does not match its authenticated sender",
                                      field="message_id", rule="message_identity")
    return source, batch.messages
