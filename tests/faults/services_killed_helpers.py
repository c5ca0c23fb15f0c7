"""What a run's SQLite databases hold (events by topic, outbox and inbox rows, what is still to deliver or take
effect), and the faults of a run: a service killed (SIGKILL) right after it committed a write, started again a
little later; a service frozen (SIGSTOP) and thawed (SIGCONT)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tenurectl.processes import Run

SERVICES = ("contract", "appraisal", "payroll")
POLL_SECONDS = 0.01
DOWN_SECONDS = 2.0  # how long a killed service stays dead before it is started again


def read_only(folder: Path, service: str) -> sqlite3.Connection:
    """The service's SQLite file, read beside the running service (WAL: neither blocks the other)."""
    return sqlite3.connect(f"file:{folder / service}.db?mode=ro", uri=True, timeout=5)


def query(folder: Path, service: str, sql: str) -> list[tuple[object, ...]]:
    conn = read_only(folder, service)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def event_count(folder: Path, service: str) -> int:
    try:
        return int(query(folder, service, "SELECT count(*) FROM events")[0][0])
    except sqlite3.Error:  # not created yet, or migrating
        return 0


def holdings(folder: Path) -> Counter[tuple[str, str]]:
    """Per service: events by topic (aggregate type and event type), outbox rows by destination, inbox rows by
    source and type; what a run recorded, to compare with another run of the same scenario."""
    found: Counter[tuple[str, str]] = Counter()
    for service in SERVICES:
        for sql, kind in (("SELECT topic, count(*) FROM events GROUP BY topic", "event"),
                          ("SELECT destination, count(*) FROM outbox GROUP BY destination", "outbox to"),
                          ("SELECT source || ' ' || type, count(*) FROM inbox GROUP BY source, type", "inbox from")):
            for what, n in query(folder, service, sql):
                found[(service, f"{kind} {what}")] = int(str(n))
    return found


def resent(folder: Path) -> Counter[str]:
    """Outbox rows delivered after at least one failed attempt (the peer did not answer), by sender and
    destination: how often the relays met a peer that was down or frozen."""
    found: Counter[str] = Counter()
    for service in SERVICES:
        for destination, n in query(folder, service, "SELECT destination, count(*) FROM outbox"
                                    " WHERE attempts > 1 GROUP BY destination"):
            found[f"{service} to {destination}"] = int(str(n))
    return found


def unsettled(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Per service: outbox rows not delivered, outbox rows dead, inbox messages not taken effect."""
    found = {}
    for service in SERVICES:
        (pending, dead), = query(folder, service, "SELECT count(*) FILTER (WHERE delivered_at IS NULL),"
                                 " count(*) FILTER (WHERE dead_at IS NOT NULL) FROM outbox")
        (waiting,), = query(folder, service, "SELECT count(*) FROM inbox WHERE processed_at IS NULL")
        found[service] = (int(str(pending)), int(str(dead)), int(str(waiting)))
    return found


def settled(folder: Path, timeout: float = 60.0) -> dict[str, tuple[int, int, int]]:
    """Once every outbox row is delivered and every inbox message has taken effect (or `timeout` is spent):
    what is still unsettled, by service (all zeros once settled)."""
    deadline = time.monotonic() + timeout
    while True:
        left_over = unsettled(folder)
        if not any(sum(left) for left in left_over.values()) or time.monotonic() > deadline:
            return left_over
        time.sleep(0.2)


@dataclass
class Faults:
    """The faults done to a run, in order, by a thread of their own; what each met, for the report."""

    run: Run
    done: list[str] = field(default_factory=list)
    failed: list[BaseException] = field(default_factory=list)

    def kill_when_busy(self, service: str, at_least: int, timeout: float = 120.0) -> None:
        """SIGKILL `service` at the first poll that sees it has just committed a write (its event count grew)
        with at least `at_least` events; started again DOWN_SECONDS later, on its port and database."""
        deadline, before = time.monotonic() + timeout, event_count(self.run.folder, service)
        while True:
            now = event_count(self.run.folder, service)
            if now >= at_least and now > before:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{service} never busy past {at_least} events (had {now})")
            before = now
            time.sleep(POLL_SECONDS)
        self.run.kill(service)
        self.done.append(f"{service} killed at {now} events")
        time.sleep(DOWN_SECONDS)
        started = time.monotonic()
        self.run.start(service)
        self.done.append(f"{service} started again in {time.monotonic() - started:.1f} s")

    def freeze(self, service: str, seconds: float) -> threading.Timer:
        """SIGSTOP `service` now, SIGCONT after `seconds` (by a timer, whatever the faults' thread is doing)."""
        pid = self.run.processes[service].process.pid
        os.kill(pid, signal.SIGSTOP)
        self.done.append(f"{service} frozen at {event_count(self.run.folder, service)} events")

        def thaw() -> None:
            os.kill(pid, signal.SIGCONT)
            self.done.append(f"{service} thawed after {seconds:.0f} s")

        timer = threading.Timer(seconds, thaw)
        timer.start()
        return timer

    def in_turn(self, *steps: Callable[[], object]) -> threading.Thread:
        """A thread taking `steps` one after the other; the first that fails ends it, kept in `failed`."""
        def take() -> None:
            try:
                for step in steps:
                    step()
            except BaseException as error:  # noqa: BLE001 - said by the test's assertion
                self.failed.append(error)

        thread = threading.Thread(target=take, name="faults", daemon=True)
        thread.start()
        return thread
