"""bench/record.py's replays of whole stores, and their floor.

* The replays: every aggregate of each store rebuilt, by several processes (shared/replay_spread.py) or by
  `shared.replay.replay_all` in this one.
* The floor: the least any replay of a store's events must do in Python. The records are fetched exactly as a
  whole-store replay fetches them (`shared.replay.pages`) and each one's state parsed by orjson, in one process;
  no tag turned back, no chain checked, no event made, no aggregate mutated. Its events/s is an upper bound on
  one process's replay rate of the same events on this machine, so it says how far a replay goal is within
  reach: a goal above the floor times the cores (PostgreSQL shares them) is not.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping

import orjson

from shared.eventstore.db import create_engine
from shared.replay import ReplayReport, pages, replay_all
from shared.replay_spread import SpreadReplay


async def replay_totals(databases: Mapping[str, str], seconds: float, processes: int,
                        aggregates: tuple[str, ...]) -> tuple[dict[str, ReplayReport], int]:
    """Full replays of every database, pass after pass, for at least `seconds`, by `processes` processes at once
    (shared/replay_spread.py) or, for 1, in this one; the sums per service and the passes."""
    totals = {name: ReplayReport(0, 0, 0.0) for name in databases}
    async with SpreadReplay(processes, aggregates) if processes > 1 else contextlib.nullcontext() as spread:
        async def replay_pass() -> dict[str, ReplayReport]:
            return {name: await (spread.run(url) if spread else replay_alone(url)) for name, url in databases.items()}

        await replay_pass()  # warm-up: connections opened, caches filled
        passes, started = 0, time.perf_counter()
        while passes == 0 or time.perf_counter() - started < seconds:
            _add(totals, await replay_pass())
            passes += 1
    return totals, passes


def _add(totals: dict[str, ReplayReport], reports: Mapping[str, ReplayReport]) -> None:
    """One pass's reports added to the running totals, per service."""
    for name, report in reports.items():
        total = totals[name]
        totals[name] = ReplayReport(report.streams, total.events + report.events, total.seconds + report.seconds)


async def replay_alone(url: str) -> ReplayReport:
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return await replay_all(conn)
    finally:
        await engine.dispose()


async def floor_totals(databases: Mapping[str, str], seconds: float) -> dict[str, ReplayReport]:
    """Floor passes over every database, pass after pass for at least `seconds` (after one warm-up pass)."""
    await _floor_pass(databases)
    totals = {name: ReplayReport(0, 0, 0.0) for name in databases}
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or not any(t.events for t in totals.values()):
        _add(totals, await _floor_pass(databases))
    return totals


async def _floor_pass(databases: Mapping[str, str]) -> dict[str, ReplayReport]:
    return {name: await floor(url) for name, url in databases.items()}


async def floor(url: str) -> ReplayReport:
    """One floor pass over the store at `url`: its events fetched and parsed, timed without the connecting."""
    engine = create_engine(url, pool_size=1)
    try:
        async with engine.connect() as conn:
            streams, count, started = 0, 0, time.perf_counter()
            async for records in pages(conn):
                for record in records:
                    orjson.loads(record.state)
                streams += len({record.stream_id for record in records})
                count += len(records)
            return ReplayReport(streams, count, time.perf_counter() - started)
    finally:
        await engine.dispose()


def print_replays(totals: Mapping[str, ReplayReport], passes: int, floors: Mapping[str, ReplayReport],
                  processes: int) -> float:
    """Each service's replay rate, all of them together and their floor; the rate of all."""
    for name, total in totals.items():
        print(f"replay service={name} streams={total.streams} events={total.events // passes} passes={passes} "
              f"events_per_s={total.events_per_s:.0f}")
    events, seconds = sum(t.events for t in totals.values()), sum(t.seconds for t in totals.values())
    rate, floor = events / seconds, sum(t.events for t in floors.values()) / sum(t.seconds for t in floors.values())
    print(f"replay all processes={processes} events={events // passes} passes={passes} seconds={seconds:.2f} "
          f"events_per_s={rate:.0f}")
    print(f"replay floor processes=1 events_per_s={floor:.0f} (fetched and parsed only); replay / floor: "
          f"{rate / floor:.2f}")
    return rate
