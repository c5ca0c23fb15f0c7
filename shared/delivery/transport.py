"""How a batch of outbox rows reaches its destination: the port, and the embedded default over HTTP.

A transport either gets every message of the batch recorded by the receiver (returns), or says why not:
`PeerUnavailableError` (down, slow, overloaded, misconfigured: try again later, the same batch) or
`RefusedError` (the receiver will never take this batch: the relay splits it to find the message at fault).
NATS JetStream is the other transport (nats.py); Kafka would fit the same port, see docs/messaging.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import httpx

from shared.auth.messages import MessageSigner


@dataclass(frozen=True)
class Pending:
    """An outbox row as the relay sends it: `body` is the message's JSON, signed as it is."""

    id: int
    stream_id: str
    message_id: str
    body: str


class PeerUnavailableError(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class RefusedError(Exception):
    """The receiver refuses the batch as malformed; resending it unchanged can never succeed."""


class Transport(Protocol):
    async def send(self, destination: str, batch: Sequence[Pending]) -> None: ...

    async def aclose(self) -> None: ...


REFUSED = frozenset({400, 413, 422})


class HttpTransport:
    """`POST <destination>/inbox` with `{"messages": [...]}`, signed for the receiver (shared/auth/messages.py)."""

    def __init__(self, endpoints: Mapping[str, str], signer: MessageSigner, *,
                 client: httpx.AsyncClient | None = None, timeout: float = 10.0) -> None:
        self._endpoints = {name: url.rstrip("/") + "/inbox" for name, url in endpoints.items()}
        self._signer = signer
        self._client = client or httpx.AsyncClient(timeout=timeout)

    @property
    def destinations(self) -> list[str]:
        return list(self._endpoints)

    async def send(self, destination: str, batch: Sequence[Pending]) -> None:
        content = ('{"messages":[' + ",".join(p.body for p in batch) + "]}").encode()
        headers = {"content-type": "application/json", **self._signer.headers(destination, content)}
        try:
            response = await self._client.post(self._endpoints[destination], content=content, headers=headers)
        except httpx.HTTPError as error:
            raise PeerUnavailableError(f"{type(error).__name__}: {error}") from None
        if response.status_code in REFUSED:
            raise RefusedError(f"HTTP {response.status_code}: {response.text[:500]}")
        if response.status_code >= 300:
            raise PeerUnavailableError(f"HTTP {response.status_code}: {response.text[:300]}",
                                       _seconds(response.headers.get("retry-after")))
        answered = {receipt["message_id"] for receipt in response.json().get("receipts", [])}
        if missing := [p.message_id for p in batch if p.message_id not in answered]:
            raise PeerUnavailableError(f"the receiver did not answer for {len(missing)} messages")

    async def aclose(self) -> None:
        await self._client.aclose()


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
