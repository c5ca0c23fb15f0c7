"""This service's side of NATS JetStream: a durable pull consumer per sending service, recorded into the inbox.

Order, per source stream: JetStream keeps a stream's messages in the order the broker stored them, which is
the relay's order per outbox stream (a stream's rows always go in the same batch lane, published one after
another, one batch in flight; nats.py), and a consumer delivers them in that order. Redelivery could break it
(a message nak'ed or not acknowledged in time comes again after later ones), so at most one batch is
unacknowledged at a time (`max_ack_pending` = the batch size), one loop per stream fetches, records and
acknowledges a batch before it fetches the next, and after a nak it fetches again only once the nak'ed
messages are due (the broker serves due redeliveries before new messages). The inbox processor then adds what the broker cannot:
the effect exactly once (the inbox is de-duplicated by sender and message id), a stream's later messages held
behind one that waits or fails, and a message that needs another stream's fact waiting for it (NotReadyError).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Sequence

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig
from pydantic import TypeAdapter, ValidationError

from shared.auth.messages import MessageSigner
from shared.delivery.health import Outage
from shared.delivery.nats import BROKER_ERRORS, Link, ensure_stream, stream_name, subject
from shared.errors import AuthenticationError
from shared.eventstore.store import Metadata
from shared.messages import Message, message_id_of
from shared.unit_of_work import UnitOfWork, Wiring

log = logging.getLogger("shared.delivery")
_MESSAGE = TypeAdapter(Message)


class NatsReceiver:
    """Fetches what `sources` send to this service (`wiring.source`) until cancelled; acks after the inbox commit."""

    def __init__(self, url: str, wiring: Wiring, signer: MessageSigner, sources: Sequence[str], *,
                 prefix: str = "tenure", batch_size: int = 200, fetch_seconds: float = 2.0,
                 retry_seconds: float = 1.0) -> None:
        self._wiring, self._signer, self._prefix = wiring, signer, prefix
        self.destination = wiring.source
        self.sources = [s for s in sources if s != self.destination]
        self._batch, self._fetch_seconds, self._retry = batch_size, fetch_seconds, retry_seconds
        self._link = Link(url, f"tenure-{self.destination}-inbox")
        self._broker = Outage(f"NATS at {url} (messages to {self.destination})")
        self._database = Outage(f"the inbox of {self.destination} (messages from NATS)")
        self._unexpected = Outage(f"the NATS receiver of {self.destination}")

    async def run(self) -> None:
        try:
            await asyncio.gather(*(self._follow(source) for source in self.sources))
        finally:
            await self._link.aclose(drain=False)  # pull subscriptions have nothing to drain

    async def _follow(self, source: str) -> None:
        """One source's stream, batch after batch, in order."""
        subscription: JetStreamContext.PullSubscription | None = None
        while True:
            try:
                subscription = subscription or await self._subscribe(source)
                messages = await _fetch(subscription, self._batch, self._fetch_seconds)
            except BROKER_ERRORS as error:
                if isinstance(error, TimeoutError) and self._link.connected:  # nothing was sent meanwhile
                    self._broker.answered()
                    continue
                self._broker.failed(error if self._link.connected else "not connected")
                if subscription is not None and not isinstance(error, TimeoutError):
                    # the consumer or its stream is gone: looked up (or made) again. Over a mere disconnection
                    # the client restores the subscription, with what was delivered to it meanwhile.
                    await _dropped(subscription)
                    subscription = None
                await asyncio.sleep(self._retry)
                continue
            self._broker.answered()
            try:
                if not await self._take(source, messages):
                    # nak'ed: fetching again only once they are due again, so that they come before later ones
                    await asyncio.sleep(2 * self._retry)
                self._unexpected.answered()
            except BROKER_ERRORS as error:  # an ack that did not leave: the message comes again, a duplicate
                self._broker.failed(error)
            except Exception as error:  # noqa: BLE001 - the loop outlives a surprise; unacked, they come again
                self._unexpected.failed(error)
                await asyncio.sleep(self._retry)

    async def _subscribe(self, source: str) -> JetStreamContext.PullSubscription:
        js = await self._link.jetstream()
        await ensure_stream(js, self._prefix, source)
        config = ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, max_ack_pending=self._batch, ack_wait=30.0)
        return await js.pull_subscribe(subject(self._prefix, source, self.destination), durable=self.destination,
                                       stream=stream_name(self._prefix, source), config=config)

    async def _take(self, source: str, batch: Sequence[Msg]) -> bool:
        """Record the trusted messages in the inbox, commit, and only then acknowledge them; the rest are ended.
        False when the database would not record them: they are nak'ed, to come again after a delay."""
        trusted: list[tuple[Msg, Message]] = []
        for msg in batch:
            message = self._trusted(source, msg)
            if message is None:
                await msg.term()  # forged or malformed: never redelivered, never recorded
            else:
                trusted.append((msg, message))
        if not trusted:
            return True
        meta = Metadata(actor=f"service:{source}", correlation_id=str(uuid.uuid4()))
        try:
            async with UnitOfWork(self._wiring, meta) as uow:
                await uow.receive(source, [message for _, message in trusted])
                await uow.commit()  # rings the inbox processor
        except Exception as error:  # noqa: BLE001 - the database is down or refuses: the broker keeps them
            self._database.failed(error)
            for msg, _ in trusted:
                await msg.nak(delay=self._retry)
            return False
        self._database.answered()
        for msg, _ in trusted:
            await msg.ack()
        return True

    def _trusted(self, source: str, msg: Msg) -> Message | None:
        """The message, once signed by its stream's source for this service and carrying its own identity."""
        try:
            signed_by = self._signer.check(msg.headers or {}, msg.data, stale_ok=True)
            if signed_by != source:
                raise AuthenticationError(f"signed by {signed_by}, on {source}'s stream", rule="message_sender")
            message = _MESSAGE.validate_json(msg.data)
            if message.source != source or message.message_id != message_id_of(
                    source, message.stream_id, message.version):
                raise AuthenticationError("its id or source does not match its signed sender", rule="message_identity")
        except AuthenticationError as refusal:
            log.warning("NATS message on %s refused, ended: %s (%s)", msg.subject, refusal.detail, refusal.rule)
            return None
        except ValidationError as error:
            log.warning("NATS message on %s is not a message, ended: %s", msg.subject, error.errors()[0]["msg"])
            return None
        return message


async def _fetch(subscription: JetStreamContext.PullSubscription, batch: int, seconds: float) -> list[Msg]:
    """The next batch. Stopped meanwhile, the receiver waits for the fetch and hands back what the broker sent
    it (nak'ed, due at once): else those messages would come again only after `ack_wait`."""
    fetching = asyncio.ensure_future(subscription.fetch(batch, timeout=seconds))
    try:
        return await asyncio.shield(fetching)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            for msg in await fetching:
                await msg.nak()
        raise


async def _dropped(subscription: JetStreamContext.PullSubscription) -> None:
    with contextlib.suppress(Exception):
        await subscription.unsubscribe()
