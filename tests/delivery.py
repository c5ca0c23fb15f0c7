"""Services side by side in one process: each one's relay posts to the others' apps (no sockets), and each
one's inbox is stepped by the test, so that a test sees every effect once `deliver()` returns."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from fastapi import FastAPI

from shared.auth.messages import MessageSigner
from shared.delivery.processor import InboxProcessor
from shared.delivery.relay import OutboxRelay, Tuning
from shared.delivery.transport import HttpTransport

STRAIGHT_ON = Tuning(base_delay=0.0)  # a test's peer that failed is tried again on the next step


def in_process_relay(apps: Mapping[str, FastAPI], source: str, destinations: Sequence[str]) -> OutboxRelay:
    """`source`'s relay to `destinations`, each reached at http://<name> in process."""
    mounts = {f"http://{d}": httpx.ASGITransport(app=apps[d]) for d in destinations}
    transport = HttpTransport({d: f"http://{d}" for d in destinations}, apps[source].state.security.signer,
                              client=httpx.AsyncClient(mounts=mounts))
    return OutboxRelay(apps[source].state.wiring.engine, source, destinations, transport, tuning=STRAIGHT_ON)


async def deliver_all(relays: Sequence[OutboxRelay], inboxes: Sequence[InboxProcessor]) -> None:
    """Relay and take effect until nothing is left: messages of messages included."""
    while True:
        moved = sum([await relay.deliver_once() for relay in relays])
        moved += sum([await inbox.process_once() for inbox in inboxes])
        if not moved:
            return


async def post_batch(client: httpx.AsyncClient, signer: MessageSigner, destination: str,
                     *messages: Mapping[str, Any]) -> httpx.Response:
    """`messages` posted to `destination`'s inbox as one batch, signed by `signer`'s service."""
    content = json.dumps({"messages": list(messages)}).encode()
    headers = {"content-type": "application/json", **signer.headers(destination, content)}
    return await client.post("/inbox", content=content, headers=headers)


def outcomes(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [receipt["outcome"] for receipt in response.json()["receipts"]]
