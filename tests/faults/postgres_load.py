"""Clients of a service through a database outage, as a batch job's would be: writers that register managers
under an Idempotency-Key and retry a 503 under the same key after its Retry-After (capped, for speed), and
readers; every answer tallied, and any that is neither 2xx nor a 503 problem with Retry-After kept as wrong."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

RETRY_CAP = 0.2  # seconds: a client honours Retry-After, shortened so that the test stays quick
PATIENCE = 30.0  # seconds a writer keeps retrying one command before it gives up on it (and the test fails)


def manager(code: str, enterprise_id: str) -> dict[str, str]:
    return {"code": code, "name": "赵磊", "level": "middle", "position": "middle_manager",
            "enterprise_id": enterprise_id}


def outage_answer(answer: httpx.Response) -> bool:
    """A 503 problem+json with a Retry-After in seconds: what a client may retry, and when."""
    return (answer.status_code == 503 and answer.headers.get("retry-after", "").isdigit()
            and answer.headers.get("content-type", "").startswith("application/problem+json"))


def database_outage(answer: httpx.Response) -> bool:
    """An outage answer that says the database is what is missing (shared/api/problems.py)."""
    body = answer.json() if outage_answer(answer) else {}
    return (body.get("field"), body.get("rule")) == ("database", "database_available")


@dataclass
class Tally:
    """Every answer the clients got, by status; what was wrong; the commands acknowledged (201), by code."""

    statuses: Counter[int] = field(default_factory=Counter)
    by_route: Counter[tuple[str, int]] = field(default_factory=Counter)  # ("POST /managers", 503): how many
    wrong: list[str] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    retried: set[str] = field(default_factory=set)  # acknowledged after at least one 503
    abandoned: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, http: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        """One request; its answer counted, or the failure to get one (a dropped connection) kept as wrong."""
        try:
            answer = http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            with self.lock:
                self.statuses[0] += 1
                self.wrong.append(f"{method} {path}: no answer ({error!r})")
            return None
        with self.lock:
            self.statuses[answer.status_code] += 1
            self.by_route[(f"{method} {path.split('/')[1]}", answer.status_code)] += 1
            fine = answer.is_success or (database_outage(answer) or path == "/ready" and outage_answer(answer))
            if not fine:
                self.wrong.append(f"{method} {path}: {answer.status_code} {answer.headers} {answer.text[:300]}")
        return answer

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())


def register(tally: Tally, http: httpx.Client, code: str, enterprise_id: str) -> None:
    """Register one manager, retrying a 503 under the same key until it is acknowledged (or PATIENCE is out)."""
    deadline, attempts = time.monotonic() + PATIENCE, 0
    while time.monotonic() < deadline:
        attempts += 1
        answer = tally.send(http, "POST", "/managers", json=manager(code, enterprise_id),
                            headers={"Idempotency-Key": f"register-{code}"})
        if answer is not None and answer.status_code == 201:
            with tally.lock:
                tally.acknowledged.add(code)
                if attempts > 1:
                    tally.retried.add(code)
            return
        if answer is None or not outage_answer(answer):
            break
        time.sleep(min(float(answer.headers["retry-after"]), RETRY_CAP))
    with tally.lock:
        tally.abandoned.add(code)


def writer(tally: Tally, url: str, headers: dict[str, str], enterprise_id: str, name: str,
           stop: threading.Event) -> None:
    """Commands one after the other on a kept-alive connection, until `stop` (the one in hand is finished)."""
    with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
        n = 0
        while not stop.is_set():
            n += 1
            register(tally, http, f"{name}{n:04d}", enterprise_id)


def reader(tally: Tally, url: str, headers: dict[str, str], paths: list[str], stop: threading.Event) -> None:
    with httpx.Client(base_url=url, headers=headers, timeout=30) as http:
        while not stop.is_set():
            for path in paths:
                tally.send(http, "GET", path)
            time.sleep(0.02)


@contextmanager
def load(url: str, headers: dict[str, str], enterprise_id: str, writers: int, reads: list[str]
         ) -> Iterator[Tally]:
    """`writers` writer threads and one reader per path in `reads` on the service at `url` while the block
    runs; when it ends, each writer finishes the command in hand and they all stop."""
    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=writer, args=(tally, url, headers, enterprise_id, f"W{i}", stop))
               for i in range(writers)]
    threads += [threading.Thread(target=reader, args=(tally, url, headers, [path], stop)) for path in reads]
    for thread in threads:
        thread.start()
    try:
        yield tally
    finally:
        stop.set()
        for thread in threads:
            thread.join(PATIENCE + 10)


def wait_for(predicate: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"{what} within {seconds} s"
        time.sleep(0.1)
