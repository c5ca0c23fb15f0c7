"""A service's deliveries while it serves: its relay (outbox → other services) and its inbox processor,
each woken by commits, both stopped with the service."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from shared.auth.messages import MessageSigner
from shared.delivery.bell import listening
from shared.delivery.processor import InboxProcessor, MessageHandler
from shared.delivery.relay import OutboxRelay, Tuning
from shared.delivery.transport import HttpTransport, Transport
from shared.settings import ServiceSettings
from shared.unit_of_work import Wiring


@dataclass(frozen=True)
class Delivery:
    relay: OutboxRelay | None  # None when nobody subscribes (or no destination has an address)
    inbox: InboxProcessor


def transport_for(settings: ServiceSettings, signer: MessageSigner, destinations: list[str]) -> Transport:
    if settings.transport == "nats":
        from shared.delivery.nats import NatsTransport  # only a group that runs NATS needs its client

        return NatsTransport(settings.nats_url, signer, prefix=settings.nats_prefix,
                             timeout=settings.peer_timeout_seconds)
    endpoints = {d: settings.subscribers[d] for d in destinations}
    return HttpTransport(endpoints, signer, timeout=settings.peer_timeout_seconds)


def destinations_of(wiring: Wiring, settings: ServiceSettings) -> list[str]:
    """Every subscriber on a broker; over HTTP, the subscribers whose address is configured."""
    if settings.transport == "nats":
        return list(wiring.subscriptions)
    return [d for d in wiring.subscriptions if d in settings.subscribers]


def delivery_for(wiring: Wiring, handlers: Mapping[str, MessageHandler], settings: ServiceSettings,
                 signer: MessageSigner) -> Delivery:
    destinations = destinations_of(wiring, settings)
    tuning = Tuning(batch_size=settings.relay_batch_size, partitions=settings.relay_partitions,
                    max_delay=settings.relay_max_backoff_seconds)
    relay = (OutboxRelay(wiring.engine, wiring.source, destinations,
                         transport_for(settings, signer, destinations), tuning=tuning, clock=wiring.clock)
             if destinations else None)
    return Delivery(relay, InboxProcessor(wiring, handlers))


@contextlib.asynccontextmanager
async def delivering(delivery: Delivery, wiring: Wiring, settings: ServiceSettings,
                     signer: MessageSigner) -> AsyncIterator[list[asyncio.Task[None]]]:
    """Relay and inbox running in the background (when `relay_enabled`), cancelled and closed after; yields
    their tasks (none when not enabled), which /ready watches."""
    tasks: list[asyncio.Task[None]] = []
    try:
        if settings.relay_enabled:
            async with listening(wiring.engine, [wiring.bells.outbox, wiring.bells.inbox]):
                tasks.append(asyncio.create_task(delivery.inbox.run(settings.relay_idle_seconds), name="inbox"))
                if delivery.relay is not None:
                    tasks.append(asyncio.create_task(delivery.relay.run(wiring.bells.outbox,
                                                                        settings.relay_idle_seconds), name="relay"))
                tasks.extend(await _receivers(wiring, settings, signer))
                yield tasks
        else:
            yield tasks
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if delivery.relay is not None:
            await delivery.relay.aclose()


async def _receivers(wiring: Wiring, settings: ServiceSettings, signer: MessageSigner) -> list[asyncio.Task[None]]:
    """On a broker, this service also fetches what is sent to it (over HTTP the senders post to /inbox)."""
    if settings.transport != "nats":
        return []
    from shared.delivery.nats_receiver import NatsReceiver

    receiver = NatsReceiver(settings.nats_url, wiring, signer, settings.nats_sources, prefix=settings.nats_prefix,
                            batch_size=settings.relay_batch_size)
    return [asyncio.create_task(receiver.run(), name="receiver")]
