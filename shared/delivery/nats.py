"""NATS JetStream as the transport: one stream per sending service, one subject per destination.

Stream `<PREFIX>_<SOURCE>` (file storage) holds subjects `<prefix>.<source>.>`; a message for `appraisal` from
`contract` is published to `<prefix>.contract.appraisal`, one NATS message per outbox row, signed for its
destination (shared/auth/messages.py) and carrying `Nats-Msg-Id: <destination>:<message_id>`, so that the
broker stores a message the relay sends twice (after a lost acknowledgement) once. The stream is a work queue:
each subject has exactly one consumer (the destination, nats_receiver.py) and a message is gone from the
broker once that destination has recorded it; the sender's outbox stays the durable record of what was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Sequence

import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType

from shared.auth.messages import MessageSigner
from shared.delivery.transport import PeerUnavailableError, Pending

# Whatever the broker or the way to it does wrong: each one means "try again later".
BROKER_ERRORS = (nats.errors.Error, TimeoutError, OSError)
MSG_ID_HEADER = "Nats-Msg-Id"
DUPLICATE_WINDOW_SECONDS = 600.0  # the broker drops a resent message within this; the inbox after it
CONNECT_SECONDS = 5.0


def stream_name(prefix: str, source: str) -> str:
    return f"{prefix}_{source}".upper()


def subject(prefix: str, source: str, destination: str) -> str:
    return f"{prefix}.{source}.{destination}"


async def _quiet(*_: object) -> None:
    """The client's own callbacks stay silent: health.Outage logs one line per outage, not one per retry."""


class Link:
    """One connection, made on first use and kept; the client reconnects by itself while it lives."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self._name = url, name
        self._client: Client | None = None
        self._js: JetStreamContext | None = None
        self._connecting = asyncio.Lock()  # the relay's lanes and the receiver's loops share one connection

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    async def jetstream(self) -> JetStreamContext:
        async with self._connecting:
            if self._client is not None and self._client.is_closed:
                self._client = self._js = None
            if self._js is None:
                self._client, self._js = await self._connect()
            return self._js

    async def _connect(self) -> tuple[Client, JetStreamContext]:
        client = Client()
        try:  # an unreachable server at the first connect would otherwise be retried forever
            await asyncio.wait_for(client.connect(
                self.url, name=self._name, connect_timeout=2, allow_reconnect=True, max_reconnect_attempts=-1,
                reconnect_time_wait=0.5, error_cb=_quiet, disconnected_cb=_quiet, reconnected_cb=_quiet,
            ), CONNECT_SECONDS)
        except BaseException:
            with contextlib.suppress(Exception):
                await client.close()
            raise
        return client, client.jetstream()

    async def aclose(self, drain: bool = True) -> None:
        """Closed, after the replies still on their way (publish acknowledgements) when `drain`."""
        client, self._client, self._js = self._client, None, None
        if client is not None and not client.is_closed:
            if drain:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(client.drain(), 5.0)
            with contextlib.suppress(Exception):
                await client.close()


async def ensure_stream(js: JetStreamContext, prefix: str, source: str) -> None:
    """The source's stream, made if missing; sender and receivers may all try first, in any order."""
    name = stream_name(prefix, source)
    try:
        await js.add_stream(name=name, subjects=[f"{prefix}.{source}.>"], storage=StorageType.FILE,
                            retention=RetentionPolicy.WORK_QUEUE, duplicate_window=DUPLICATE_WINDOW_SECONDS)
    except nats.js.errors.APIError:
        await js.stream_info(name)  # made meanwhile by another (same name): fine; really missing: raises


async def delete_streams(url: str, prefix: str, sources: Iterable[str]) -> None:
    """Delete the streams of `prefix` (a test run's own): their messages and consumers go with them."""
    link = Link(url, "tenure-cleanup")
    try:
        js = await link.jetstream()
        for source in sources:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await js.delete_stream(stream_name(prefix, source))
    finally:
        await link.aclose()


class NatsTransport:
    """The relay's batch published to JetStream: returns once the broker has stored every message of it."""

    def __init__(self, url: str, signer: MessageSigner, *, prefix: str = "tenure", timeout: float = 10.0) -> None:
        self._signer, self._prefix, self._timeout = signer, prefix, timeout
        self._source = signer.service
        self._link = Link(url, f"tenure-{self._source}-relay")
        self._stream_ready = False

    async def send(self, destination: str, batch: Sequence[Pending]) -> None:
        try:
            await self._publish(destination, batch)
        except BROKER_ERRORS as error:
            self._stream_ready = False  # deleted or never made: made again on the next try
            reason = str(error) or "no answer in time"
            raise PeerUnavailableError(f"NATS at {self._link.url}: {type(error).__name__}: {reason}") from None

    async def _publish(self, destination: str, batch: Sequence[Pending]) -> None:
        """Published one after another, in the batch's order (the stream keeps it), their acks awaited together."""
        js = await self._link.jetstream()
        if not self._stream_ready:
            await ensure_stream(js, self._prefix, self._source)
            self._stream_ready = True
        to, stream = subject(self._prefix, self._source, destination), stream_name(self._prefix, self._source)
        acks: list[asyncio.Future[object]] = []
        try:
            for pending in batch:
                body = pending.body.encode()
                headers = {MSG_ID_HEADER: f"{destination}:{pending.message_id}",
                           **self._signer.headers(destination, body)}
                acks.append(await js.publish_async(to, body, headers=headers, stream=stream,
                                                   wait_stall=self._timeout))
            await asyncio.wait_for(asyncio.gather(*acks), self._timeout)
        finally:
            for ack in acks:  # a timed-out batch leaves no waiter behind
                ack.cancel()

    async def aclose(self) -> None:
        await self._link.aclose()
