"""How bench/append.py times a contender: 16 writers warmed up, then the wall time, this process's CPU time and
each transaction's latency over the timed transactions."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

WRITERS = 16


@dataclass
class Result:
    name: str
    events: int
    elapsed: float
    cpu: float  # seconds of this process's CPU meanwhile, every thread: the client's share, steadier than the wall
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.events / self.elapsed

    def line(self) -> str:
        q = statistics.quantiles(self.latencies, n=100)
        return (f"{self.name:<14} {self.rate:9.0f} events/s {len(self.latencies) / self.elapsed:8.0f} tx/s "
                f"elapsed {self.elapsed:6.2f}s  p50 {q[49] * 1000:6.1f} ms  p99 {q[98] * 1000:6.1f} ms  "
                f"client cpu {self.cpu / self.events * 1e6:6.1f} us/event")


async def run_async(name: str, tx: Callable[[], Awaitable[None]], args: argparse.Namespace) -> Result:
    async def writer(count: int, latencies: list[float]) -> None:
        for _ in range(count):
            start = time.perf_counter()
            await tx()
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(writer(args.warmup, []) for _ in range(WRITERS)))
    latencies: list[float] = []
    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(writer(args.transactions, latencies) for _ in range(WRITERS)))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Result(name, WRITERS * args.transactions * args.events, elapsed, cpu, latencies)


def run_threads(name: str, tx: Callable[[], None], args: argparse.Namespace) -> Result:
    def writer(count: int, latencies: list[float]) -> None:
        for _ in range(count):
            start = time.perf_counter()
            tx()
            latencies.append(time.perf_counter() - start)  # list.append is atomic under the GIL

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, [args.warmup] * WRITERS, [[] for _ in range(WRITERS)]))
        latencies: list[float] = []
        start, cpu = time.perf_counter(), time.process_time()
        list(pool.map(writer, [args.transactions] * WRITERS, [latencies] * WRITERS))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Result(name, WRITERS * args.transactions * args.events, elapsed, cpu, latencies)
