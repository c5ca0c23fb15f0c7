"""The commit notifications survive the loss of their connection: when PostgreSQL ends the listening backend (a
restart does the same to every backend), the service listens again by itself and a later commit of another
process rings the bell at once, not after the idle interval; the bells ring once when it listens again, for the
commits it could not hear meanwhile."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from shared.delivery import bell as bells
from shared.delivery.bell import Doorbell, listening


async def _listener_pids(engine) -> list[int]:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        rows = await conn.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'"))
        return [row.pid for row in rows]


async def _notify(engine, channel: str) -> None:  # type: ignore[no-untyped-def]
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_lost_listening_connection_is_opened_again_and_hears_later_commits(
    foundation_engine, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(bells, "RELISTEN_PAUSE_SECONDS", 0.1)
    bell = Doorbell("tenure_outbox_relisten_test")
    listener = bell.listener()
    async with listening(foundation_engine, [bell]):
        assert await listener.wait(5), "rung once listening, for what it could not hear before"
        await _notify(foundation_engine, bell.channel)
        assert await listener.wait(5), "a commit elsewhere rings the bell"
        [pid] = await _wait_for_one_listener(foundation_engine)
        async with foundation_engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert await listener.wait(5), "rung again once it listens again"
        [again] = await _wait_for_one_listener(foundation_engine)
        assert again != pid
        await _notify(foundation_engine, bell.channel)
        assert await listener.wait(5), "a commit after the loss still rings the bell"


async def _wait_for_one_listener(engine) -> list[int]:  # type: ignore[no-untyped-def]
    for _ in range(50):
        if len(pids := await _listener_pids(engine)) == 1:
            return pids
        await asyncio.sleep(0.1)
    return await _listener_pids(engine)
