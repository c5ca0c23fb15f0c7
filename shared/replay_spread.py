"""A whole store replayed by several processes at once: every stream rebuilt and checked as `replay_all` does,
the streams cut into ranges of about equal events, each range replayed by a process of its own on its own
connection.

Replaying is CPU work in Python (decoding, the hash chain, applying each event), so one process uses one core
however fast the database; a check of a whole service's store (after a restore, before an upgrade) or a
benchmark spreads it over the cores. A broken stream found by any process is the `BrokenStreamError` it
would be in one. The processes are started once (`SpreadReplay`), importing the aggregates' modules first, and
keep their connections, so a run's time is the replays', not the processes' start.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from shared.errors import BrokenStreamError
from shared.eventstore.db import create_engine
from shared.eventstore.tables import events
from shared.replay import ReplayReport, replay_all

Range = tuple[str, str | None]  # streams after the first id, up to the second (None: to the end)
SPREAD_FROM = 20_000  # events: below, a store is replayed in the calling process


class SpreadReplay:
    """`processes` processes that replay ranges of a store; `modules` hold the aggregates its topics name. A store
    of fewer than SPREAD_FROM events is replayed here: its processes would cost more than they save."""

    def __init__(self, processes: int, modules: Sequence[str], spread_from: int = SPREAD_FROM) -> None:
        self.processes, self.spread_from = processes, spread_from
        _imported(tuple(modules))
        self._pool = ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=_imported,
                                         initargs=(tuple(modules),))
        self._engines: dict[str, AsyncEngine] = {}

    async def __aenter__(self) -> SpreadReplay:
        loop = asyncio.get_running_loop()
        # every process up, its modules imported, before anything is timed
        await asyncio.gather(*(loop.run_in_executor(self._pool, _ready) for _ in range(self.processes)))
        return self

    async def __aexit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        for engine in self._engines.values():
            await engine.dispose()
        self._pool.shutdown(cancel_futures=True)

    async def run(self, url: str) -> ReplayReport:
        """Every stream of the store at `url` replayed, a range per process; the report's seconds are the run's
        wall time, its counts the sums."""
        if url not in self._engines:
            self._engines[url] = create_engine(url, pool_size=1)
        started = time.perf_counter()
        async with self._engines[url].connect() as conn:
            total, ranges = await cut(conn, self.processes)
            if total < self.spread_from or len(ranges) == 1:
                return await replay_all(conn)
        loop = asyncio.get_running_loop()
        answers = await asyncio.gather(*(loop.run_in_executor(self._pool, _replay_range, url, r) for r in ranges))
        seconds = time.perf_counter() - started
        for answer in answers:
            if isinstance(answer, dict):
                raise BrokenStreamError(answer.pop("detail"), **answer)
        reports: list[ReplayReport] = answers  # type: ignore[assignment]
        return ReplayReport(sum(r.streams for r in reports), sum(r.events for r in reports), seconds)


async def cut(conn: AsyncConnection, parts: int) -> tuple[int, list[Range]]:
    """The store's events, and its streams in `parts` ranges of about equal events (fewer when a stream outweighs
    a part); a stream is never split."""
    total = await conn.scalar(select(func.count()).select_from(events)) or 0
    ordered = select(events.c.stream_id).order_by(events.c.stream_id, events.c.version)
    ends: list[str] = []
    for part in range(1, parts):
        end = await conn.scalar(ordered.offset(total * part // parts).limit(1))
        if end is not None and (not ends or end > ends[-1]):
            ends.append(end)
    starts = ["", *ends]
    return total, [(start, end) for start, end in zip(starts, [*ends, None])]


def _imported(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


def _ready() -> bool:
    return True


def _replay_range(url: str, streams: Range) -> ReplayReport | dict[str, Any]:
    """One range replayed in this process, on its loop and engine kept from one run to the next; a broken stream
    as its problem's fields (an exception with keyword fields does not come back whole from another process)."""
    try:
        return _own_loop().run_until_complete(_replayed(url, streams))
    except BrokenStreamError as error:
        return {"detail": error.detail, "field": error.field, "rule": error.rule, **error.extra}


_KEPT: dict[str, Any] = {}  # in a replaying process: its loop, and its engines by URL (their connections its loop's)


def _own_loop() -> asyncio.AbstractEventLoop:
    if "loop" not in _KEPT:
        _KEPT["loop"] = asyncio.new_event_loop()
    return _KEPT["loop"]  # type: ignore[no-any-return]


async def _replayed(url: str, streams: Range) -> ReplayReport:
    if url not in _KEPT:
        _KEPT[url] = create_engine(url, pool_size=1)
    async with _KEPT[url].connect() as conn:
        return await replay_all(conn, after=streams[0], upto=streams[1])
