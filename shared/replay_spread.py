"""A whole store replayed by several processes at once: every stream rebuilt and checked as `replay_all` does,
the streams cut into ranges of about equal events, each range replayed by a process of its own on its own
connection.

Replaying is CPU work in Python (decoding, the hash chain, applying each event), so one process uses one core
however fast the database; a check of a whole service's store (after a restore, before an upgrade) or a
benchmark spreads it over the cores. A broken stream found by any process is the `BrokenStreamError` it
would be in one. The processes are started once (`SpreadReplay`), importing the aggregates' modules first, so a
run's time is the replays', not the processes' start.
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
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import BrokenStreamError
from shared.eventstore.db import create_engine
from shared.eventstore.tables import events
from shared.replay import ReplayReport, replay_all

Range = tuple[str, str | None]  # streams after the first id, up to the second (None: to the end)


class SpreadReplay:
    """`processes` processes that replay ranges of a store; `modules` hold the aggregates its topics name."""

    def __init__(self, processes: int, modules: Sequence[str]) -> None:
        self.processes = processes
        self._pool = ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=_imported,
                                         initargs=(tuple(modules),))

    def __enter__(self) -> SpreadReplay:
        for started in [self._pool.submit(_ready) for _ in range(self.processes)]:
            started.result()  # every process up and its modules imported before anything is timed
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._pool.shutdown(cancel_futures=True)

    async def run(self, url: str) -> ReplayReport:
        """Every stream of the store at `url` replayed, a range per process; the report's seconds are the run's
        wall time, its counts the sums."""
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                ranges = await cut(conn, self.processes)
        finally:
            await engine.dispose()
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        answers = await asyncio.gather(*(loop.run_in_executor(self._pool, _replay_range, url, r) for r in ranges))
        seconds = time.perf_counter() - started
        for answer in answers:
            if isinstance(answer, dict):
                raise BrokenStreamError(answer.pop("detail"), **answer)
        reports: list[ReplayReport] = answers  # type: ignore[assignment]
        return ReplayReport(sum(r.streams for r in reports), sum(r.events for r in reports), seconds)


async def cut(conn: AsyncConnection, parts: int) -> list[Range]:
    """The store's streams in `parts` ranges of about equal events (fewer when a stream outweighs a part); a
    stream is never split."""
    total = await conn.scalar(select(func.count()).select_from(events)) or 0
    ordered = select(events.c.stream_id).order_by(events.c.stream_id, events.c.version)
    ends: list[str] = []
    for part in range(1, parts):
        end = await conn.scalar(ordered.offset(total * part // parts).limit(1))
        if end is not None and (not ends or end > ends[-1]):
            ends.append(end)
    starts = ["", *ends]
    return [(start, end) for start, end in zip(starts, [*ends, None])]


def _imported(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


def _ready() -> bool:
    return True


def _replay_range(url: str, streams: Range) -> ReplayReport | dict[str, Any]:
    """One range replayed in this process; a broken stream as its problem's fields (an exception with keyword
    fields does not come back whole from another process)."""
    try:
        return asyncio.run(_replayed(url, streams))
    except BrokenStreamError as error:
        return {"detail": error.detail, "field": error.field, "rule": error.rule, **error.extra}


async def _replayed(url: str, streams: Range) -> ReplayReport:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await replay_all(conn, after=streams[0], upto=streams[1])
    finally:
        await engine.dispose()
