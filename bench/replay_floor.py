"""The least any replay of a store's events must do in Python, for bench/record.py to set its replay rate beside:
the records fetched exactly as a whole-store replay fetches them (`shared.replay.pages`), and each one's state
parsed by orjson, in one process; no tag turned back, no chain checked, no event made, no aggregate mutated.

Its events/s is an upper bound on one process's replay rate of the same events on this machine, so it says how
far a replay goal is within reach: a goal above the floor times the cores (PostgreSQL shares them) is not.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import orjson

from shared.eventstore.db import create_engine
from shared.replay import ReplayReport, pages


async def floor_totals(databases: Mapping[str, str], seconds: float) -> dict[str, ReplayReport]:
    """Floor passes over every database, pass after pass for at least `seconds` (after one warm-up pass)."""
    await _floor_pass(databases)
    totals = {name: ReplayReport(0, 0, 0.0) for name in databases}
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or not any(t.events for t in totals.values()):
        for name, report in (await _floor_pass(databases)).items():
            total = totals[name]
            totals[name] = ReplayReport(report.streams, total.events + report.events, total.seconds + report.seconds)
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
