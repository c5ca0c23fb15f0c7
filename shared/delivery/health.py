"""One log line when a peer (or the database) stops answering, one when it answers again: never one per try."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger("shared.delivery")


class Outage:
    def __init__(self, what: str) -> None:
        self.what = what
        self.since: float | None = None

    @property
    def down(self) -> bool:
        return self.since is not None

    def failed(self, error: object) -> None:
        if self.since is None:
            self.since = time.monotonic()
            log.warning("%s is not answering: %s; retrying with backoff", self.what, error)

    def answered(self) -> None:
        if self.since is not None:
            log.warning("%s answers again after %.1f s", self.what, time.monotonic() - self.since)
            self.since = None


async def keep_working(work: Callable[[], Awaitable[int]], rest: Callable[[], Awaitable[object]], what: str) -> None:
    """`work` again and again until cancelled: straight on while it does something, after `rest()` when it
    did nothing; a database that fails it is logged once (and tried again each second) until it answers."""
    database = Outage(what)
    while True:
        try:
            done = await work()
            database.answered()
        except Exception as error:  # noqa: BLE001 - the worker outlives a database hiccup
            database.failed(error)
            done = 0
            await asyncio.sleep(1.0)
        if not done:
            await rest()
