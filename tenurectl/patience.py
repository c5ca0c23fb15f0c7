"""How long tenurectl waits for a service that does not answer, or answers 503: a service restart (3–14 s) is ridden
out, not reported as a failure.

Why a loop of our own rather than a retry library (tenacity, backoff): the rule is small (capped exponential backoff
with jitter, `Retry-After` honoured, one bound on the total), and the message once per attempt must name the
service and what it waits for ("payroll not answering, retrying in 2.0 s (attempt 3)"), which a decorator would hide.
The same request (so the same Idempotency-Key) is sent again: the services remember a success under its key, so
an answer lost to a restart is not applied twice.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx

RETRY_FOR = 120.0  # seconds a request keeps being sent again before tenurectl gives up (`--retry-for`)
FIRST_PAUSE, LONGEST_PAUSE = 0.25, 5.0
log = logging.getLogger("tenurectl")


class GaveUp(Exception):
    """The service did not answer (or kept answering 503) for the whole of RETRY_FOR."""

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


def patiently(service: str, send: Callable[[], httpx.Response], retry_for: float | None = None) -> httpx.Response:
    """The first answer other than 503 to `send()`, retried on connection errors and 503 until `retry_for` is spent."""
    bound = RETRY_FOR if retry_for is None else retry_for
    deadline = time.monotonic() + bound
    for attempt in range(1, 1_000_000):
        try:
            response = send()
        except httpx.TransportError as error:
            why, asked = f"{service} not answering ({type(error).__name__})", None
        else:
            if response.status_code != 503:
                return response
            why, asked = f"{service} unavailable (503)", _retry_after(response)
        pause = asked if asked is not None else _backoff(attempt)
        if time.monotonic() + pause > deadline:
            raise GaveUp(f"{why} for {bound:.0f} s, {attempt} attempts")
        log.warning("%s, retrying in %.1f s (attempt %d)", why, pause, attempt + 1)
        time.sleep(pause)
    raise AssertionError("unreachable")


def _backoff(attempt: int) -> float:
    """Capped exponential backoff with full jitter on its upper half, so clients retrying together spread out."""
    ceiling = min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)


def _retry_after(response: httpx.Response) -> float | None:
    """The pause the service asked for (RFC 9110 §10.2.3: seconds or an HTTP date), capped at LONGEST_PAUSE * 6."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), LONGEST_PAUSE * 6)
