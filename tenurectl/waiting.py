"""Waits that scale with the work: until done, or until nothing has moved for `stall_after` seconds.

A wait for the services' own work (payroll learning a thousand tenures from the contract service's messages,
settling a thousand accounts) has no fixed bound that fits every group: 30 s fails a large group that is
progressing well, and is long to learn that a small one is stuck. So the bound is on progress. Each look at the
services says whether the work is done, gives a state to compare with the previous look's (one more tenure
learned, one more settlement seen, an account that changed) and a line saying how far it is; the wait gives up
(`Stalled`) once `stall_after` seconds pass with the state unchanged. A wait longer than REPORT_EVERY seconds
says how far it is on stderr every REPORT_EVERY seconds, as a warning so that it shows without --verbose: a batch
job's log shows the run is alive, not hung ("payroll: 340 of 1,000 accounts settled").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

POLL_SECONDS = 0.1
REPORT_EVERY = 5.0
log = logging.getLogger("tenurectl")


@dataclass(frozen=True)
class Look:
    """One look at the work: `done`; `state`, which changes when the work moves (compared with ==); `line`, how
    far it is, for a person."""

    done: bool
    state: Any
    line: str


class Stalled(Exception):
    """The work did not move for `stall_after` seconds; `look` is the last look at it."""

    def __init__(self, look: Look, stall_after: float) -> None:
        self.look = look
        self.why = f"no progress for {stall_after:.0f} s ({look.line})"
        super().__init__(self.why)


def until_done(look: Callable[[], Look], stall_after: float, clock: Callable[[], float] | None = None,
               sleep: Callable[[float], None] | None = None) -> Look:
    """Look again every POLL_SECONDS until the work is done; the last look. `Stalled` if it stopped moving.

    Only the pauses between looks count towards `stall_after`, not the time a look takes: a service that does
    not answer (restarting, frozen) is ridden out by each request's own bound (patience.retry_for), and once it
    answers again its work is given the whole of `stall_after` to move."""
    clock, sleep = clock or time.monotonic, sleep or time.sleep
    started = reported = clock()
    seen, idle = look(), 0.0  # idle: seconds paused between looks since the work last moved
    while not seen.done:
        if idle >= stall_after:
            raise Stalled(seen, stall_after)
        if clock() - reported >= REPORT_EVERY:
            log.warning("%s", seen.line)
            reported = clock()
        paused = clock()
        sleep(POLL_SECONDS)
        idle += clock() - paused
        latest = look()
        if latest.state != seen.state:
            idle = 0.0
        seen = latest
    if clock() - started >= REPORT_EVERY:
        log.warning("%s", seen.line)  # a long wait says it ended
    return seen
