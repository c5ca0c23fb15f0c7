"""A message whose effect keeps losing to concurrent writers is not a failed message: no attempt is counted and
no error recorded; it is taken again after a short jittered pause (not the failure backoff of 1 s doubling to
60 s) and takes effect then, once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.delivery.holding import CONTENDED_PAUSE_SECONDS
from shared.delivery.inbox import record
from shared.delivery.processor import RETRIES_ON_CONFLICT, InboxProcessor
from shared.errors import ConflictError
from shared.eventstore.tables import inbox
from shared.unit_of_work import Wiring
from tests.foundation.test_gathered_rows import contract_message


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def test_a_message_losing_every_retry_to_concurrent_writers_is_taken_again_shortly_not_failed(
    foundation_engine,  # type: ignore[no-untyped-def]
) -> None:
    clock, effects = Clock(), []
    losses = RETRIES_ON_CONFLICT + 1  # more than one pass retries

    async def contended(uow, message) -> None:  # type: ignore[no-untyped-def]
        if len(effects) < losses:
            effects.append("lost")
            raise ConflictError("changed meanwhile", field="expected_version", rule="optimistic_concurrency")
        effects.append("applied")

    wiring = Wiring(source="payroll", engine=foundation_engine, clock=clock)
    async with foundation_engine.begin() as conn:
        await record(conn, "contract", [contract_message(str(uuid.uuid4()), 1, "Thing.Happened")], clock())
    processor = InboxProcessor(wiring, {"Thing.Happened": contended})
    assert await processor.process_once() == 0
    row = await _row(foundation_engine)
    assert (row.attempts, row.last_error, row.processed_at) == (0, None, None)
    pause = (row.next_attempt_at.replace(tzinfo=UTC) - clock.now).total_seconds()
    assert CONTENDED_PAUSE_SECONDS[0] <= pause <= CONTENDED_PAUSE_SECONDS[1]
    clock.now += timedelta(seconds=CONTENDED_PAUSE_SECONDS[1])
    assert await processor.process_once() == 1
    assert effects.count("applied") == 1 and (await _row(foundation_engine)).processed_at is not None


async def _row(engine):  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return (await conn.execute(select(inbox))).one()
