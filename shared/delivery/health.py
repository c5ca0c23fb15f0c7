"""One log line when a peer (or the database) stops answering, one when it answers again: never one per try."""

from __future__ import annotations

import logging
import time

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
