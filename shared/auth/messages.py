"""Signed messages between the services, Stripe-style: HMAC-SHA256 over time, receiver and body.

Chosen over service tokens because a message must be checkable by the receiver alone, offline and cheaply,
for every one of thousands of deliveries, and a per-pair secret says exactly who may tell whom: contract's
secret for payroll opens payroll's inbox to contract and nothing else. The signed text binds the receiver's
name (a message signed for appraisal is refused by payroll) and the time (a copy replayed after the
tolerance is refused; within it, the inbox's de-duplication makes it a no-op).

Headers: `Tenure-Source: contract`, `Tenure-Signature: t=<unix seconds>,v1=<hex>`.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from shared.errors import AuthenticationError

SOURCE_HEADER = "Tenure-Source"
SIGNATURE_HEADER = "Tenure-Signature"
TOLERANCE_SECONDS = 300


def pair(source: str, destination: str) -> str:
    return f"{source}->{destination}"


def derive_secret(master: bytes, source: str, destination: str) -> str:
    """The local default: each pair's secret derived from one master key in the auth folder."""
    return hmac.new(master, pair(source, destination).encode(), hashlib.sha256).hexdigest()


def _mac(secret: str, timestamp: int, destination: str, body: bytes) -> str:
    signed = f"{timestamp}.{destination}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class MessageSigner:
    """What one service signs its outgoing messages with, and checks its incoming ones against."""

    def __init__(
        self, service: str, secrets: Mapping[str, str] | None = None, *, master: bytes | None = None,
        tolerance_seconds: int = TOLERANCE_SECONDS,
    ) -> None:
        """Secrets per pair ("source->destination"), or (local default) a master key every pair's is derived from."""
        if not secrets and not master:
            raise ValueError("message signing needs secrets or a master key")
        self.service = service
        self._secrets = dict(secrets or {})
        self._master = master
        self._tolerance = tolerance_seconds

    def _secret(self, source: str, destination: str) -> str | None:
        if self._master is not None:
            return derive_secret(self._master, source, destination)
        return self._secrets.get(pair(source, destination))

    def headers(self, destination: str, body: bytes, now: float | None = None) -> dict[str, str]:
        timestamp = int(now if now is not None else time.time())
        secret = self._secret(self.service, destination)
        if secret is None:
            raise KeyError(f"no message secret for {pair(self.service, destination)}")
        return {SOURCE_HEADER: self.service, SIGNATURE_HEADER: f"t={timestamp},v1={_mac(secret, timestamp, destination, body)}"}

    def check(self, headers: Mapping[str, str], body: bytes, now: float | None = None, *,
              stale_ok: bool = False) -> str:
        """The authenticated source of a message, or AuthenticationError (401) saying why not.

        `stale_ok`: a message that waited on a broker (NATS) may be older than the tolerance; its replays are
        stopped by the broker's de-duplication and the inbox's, so only the MAC and the receiver are checked."""
        source = headers.get(SOURCE_HEADER, "")
        secret = self._secret(source, self.service) if source and len(source) <= 100 else None
        if secret is None:
            raise _refusal(f"no sender {source!r} may send messages to {self.service}", "message_sender")
        parts = dict(p.split("=", 1) for p in headers.get(SIGNATURE_HEADER, "").split(",") if "=" in p)
        if "t" not in parts or "v1" not in parts or not parts["t"].isdigit():
            raise _refusal("the message is not signed", "message_signature")
        timestamp = int(parts["t"])
        if not stale_ok and abs((now if now is not None else time.time()) - timestamp) > self._tolerance:
            raise _refusal("the message's signature is stale (replayed or the clocks disagree)", "message_stale")
        if not hmac.compare_digest(_mac(secret, timestamp, self.service, body), parts["v1"]):
            raise _refusal("the message's signature does not match (forged, altered or meant for another service)",
                           "message_signature")
        return source


def _refusal(detail: str, rule: str) -> AuthenticationError:
    return AuthenticationError(detail, field=SIGNATURE_HEADER, rule=rule)
