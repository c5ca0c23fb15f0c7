"""How long tenurectl waits for a service that does not answer, or answers 503: a service restart (3–14 s) is ridden
out, not reported as a failure.

Why a loop of our own rather than a retry library (tenacity, backoff): the rule is small (capped exponential backoff
with jitter, `Retry-After` honoured, one bound on the total), and the message once per attempt must name the
service and what it waits for ("payroll not answering, retrying in 2.0 s (attempt 3)"), which a decorator would hide.
The same request (so the same Idempotency-Key) is sent again: the services remember a success under its key, so
an answer lost to a restart is not applied twice.

Sent again: no answer at all (a connection refused, reset or timed out), a 503 (the service's database is down,
read-only or full), and a 409 that carries `Retry-After`. The services give a 409 `Retry-After` only for a conflict
that clears by itself, where the same request is to be sent again (shared/errors.py `RetryLaterConflictError`):
`idempotency_in_progress` (the first request with this key is still running, typically the one whose answer was
lost) and `optimistic_concurrency` past the service's own retry budget. Any other 409 (a stale If-Match, a business
key taken) is the command's own conflict: sending it again would not change the answer, so it is returned.
"""

from __future__ import annotations

import argparse
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

RETRY_FOR = 120.0  # seconds a request keeps being sent again before tenurectl gives up (`--retry-for`)
STALL_AFTER = 60.0  # seconds a wait for the services' work may see no progress (`--stall-after`, tenurectl/waiting.py)
FIRST_PAUSE, LONGEST_PAUSE = 0.25, 5.0
log = logging.getLogger("tenurectl")


@dataclass(frozen=True)
class Patience:
    """How long a run waits: `retry_for`, for one request to be answered; `stall_after`, for the services' work
    (messages taking effect, settlements) to move on."""

    retry_for: float = RETRY_FOR
    stall_after: float = STALL_AFTER


def add_patience_options(parser: argparse.ArgumentParser, waits: bool = False) -> None:
    """`--retry-for` on every command that talks to the services; `--stall-after` on those that wait for work."""
    parser.add_argument("--retry-for", type=_seconds, default=RETRY_FOR, metavar="SECONDS",
                        help="how long a request that gets no answer, a 503 or a 409 with Retry-After is sent again "
                        "(the same request, so the same Idempotency-Key) before tenurectl gives up "
                        f"(default {RETRY_FOR:.0f})")
    if waits:
        parser.add_argument("--stall-after", type=_seconds, default=STALL_AFTER, metavar="SECONDS",
                            help="how long a wait for the services' work (tenures learned, settlements made) may see "
                            "no progress before tenurectl gives up; a wait that progresses goes on until done, "
                            f"with a progress line on stderr every 5 s (default {STALL_AFTER:.0f})")


def patience_of(args: argparse.Namespace) -> Patience:
    return Patience(args.retry_for, getattr(args, "stall_after", STALL_AFTER))


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


class GaveUp(Exception):
    """The service did not answer (or kept asking to be asked again) for the whole of `retry_for`."""

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


def patiently(service: str, send: Callable[[], httpx.Response], retry_for: float | None = None) -> httpx.Response:
    """The first answer to `send()` that is not "ask again later", retried until `retry_for` is spent."""
    bound = RETRY_FOR if retry_for is None else retry_for
    deadline = time.monotonic() + bound
    for attempt in range(1, 1_000_000):
        try:
            response = send()
        except httpx.TransportError as error:
            why, asked = f"{service} not answering ({type(error).__name__})", None
        else:
            if (why := _ask_again(service, response)) is None:
                return response
            asked = _retry_after(response)
        pause = asked if asked is not None else _backoff(attempt)
        if time.monotonic() + pause > deadline:
            raise GaveUp(f"{why} for {bound:g} s, {attempt} attempts")
        log.warning("%s, retrying in %.1f s (attempt %d)", why, pause, attempt + 1)
        time.sleep(pause)
    raise AssertionError("unreachable")


def _ask_again(service: str, response: httpx.Response) -> str | None:
    """Why the same request is to be sent again, or None when the answer is the answer."""
    if response.status_code == 503:
        return f"{service} unavailable (503)"
    if response.status_code == 409 and "Retry-After" in response.headers:
        try:
            rule = response.json().get("rule")
        except (ValueError, AttributeError):
            rule = None
        return f"{service} busy (409 {rule or 'retry later'})"
    return None


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
