"""What the year-end bench measures besides phase times: the services' peak memory and the command/health ratio.

* Peak RSS: the kernel's high-water mark of resident memory (`VmHWM` in /proc/<pid>/status) of each service's
  process and of every process under it (uvicorn's workers), read before the services stop: nothing sampled,
  so no peak between two samples is missed. With several workers it is their sum, an upper bound.
* cmd_ratio: `POST /managers` against `GET /health` on the contract service in the same run, each for the same
  seconds from the same number of client threads: requests/s of the first over the second, with the service
  process's CPU milliseconds per request of each (from /proc: the shared machine cannot distort it).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from threading import Lock
from uuid import uuid4

import httpx

from tenurectl import bodies
from tenurectl.cast import Cast
from tenurectl.scenario import Scenario


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of `pid` and of every process under it, in MB."""
    return sum(_hwm_kb(p) for p in [pid, *_descendants(pid)]) / 1024


def _hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_descendants(child)]
    return found


@dataclass(frozen=True)
class Rate:
    """Requests/s, and the serving process's CPU milliseconds per request (steadier on a shared machine)."""

    per_s: float
    cpu_ms: float


def cpu_seconds(pid: int) -> float:
    """User and system CPU time so far of `pid` and of every process under it (uvicorn's workers)."""
    return sum(_own_cpu_seconds(p) for p in [pid, *_descendants(pid)])


def _own_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rate(send: Callable[[httpx.Client], None], url: str, seconds: float, threads: int, pid: int) -> Rate:
    """Requests/s of `send` from `threads` clients (one keep-alive connection each) for `seconds`."""
    done, lock = [0], Lock()

    def client_loop(_: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            send(client)  # the connection opened before the clock starts
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                send(client)
                with lock:
                    done[0] += 1

    started, cpu = time.perf_counter(), cpu_seconds(pid)
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(client_loop, range(threads)))
    used = cpu_seconds(pid) - cpu
    return Rate(done[0] / (time.perf_counter() - started), 1000 * used / max(done[0] + threads, 1))


def cmd_ratio(contract_url: str, pid: int, scenario: Scenario, enterprise_id: str, cast: Cast, seconds: float,
              threads: int) -> tuple[Rate, Rate]:
    """`POST /managers` and `GET /health` requests/s on the contract service, in that order."""
    template = bodies.manager_bodies(scenario, enterprise_id)[0]
    numbers, hr, run = count(1), {"Authorization": f"Bearer {cast.hr.token}"}, uuid4().hex[:6]

    def register(client: httpx.Client) -> None:
        body = {**template, "code": f"{template['code']}-R{run}-{next(numbers):06d}"}
        client.post("/managers", json=body, headers=hr).raise_for_status()

    def health(client: httpx.Client) -> None:
        client.get("/health").raise_for_status()

    return rate(register, contract_url, seconds, threads, pid), rate(health, contract_url, seconds, threads, pid)
