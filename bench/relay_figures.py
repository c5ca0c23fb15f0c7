"""bench/relay.py's figures, read from the two databases' own timestamps (one machine, one clock).

delivery lag = contract outbox.delivered_at − outbox.created_at; effect lag = payroll inbox.processed_at −
contract outbox.created_at, joined on the message id. Both count from the row's writing, inside its command's
transaction: a slow commit counts too. "After commit" counts from when the generator saw the commit return
(the message exists for the relay only from then): the relay's own share.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.eventstore.chain import as_utc
from shared.eventstore.tables import inbox, outbox


@dataclass(frozen=True)
class Message:
    """One contract → payroll message as the two databases recorded it."""

    created: datetime
    delivered: datetime | None
    processed: datetime | None
    committed: datetime | None = None  # when its command's commit returned, as the generator saw it


async def last_outbox_id(contract: AsyncEngine) -> int:
    async with contract.connect() as conn:
        return int((await conn.execute(select(func.coalesce(func.max(outbox.c.id), 0)))).scalar_one())


async def messages_after(contract: AsyncEngine, payroll: AsyncEngine, after_id: int,
                         committed: Mapping[str, datetime]) -> list[Message]:
    """Every payroll-bound outbox row with an id above `after_id`, with its effect time in payroll's inbox
    and its command's commit time (`committed`, by stream)."""
    query = (select(outbox.c.message_id, outbox.c.stream_id, outbox.c.created_at, outbox.c.delivered_at)
             .where(outbox.c.id > after_id, outbox.c.destination == "payroll"))
    async with contract.connect() as conn:
        rows = (await conn.execute(query)).all()
    async with payroll.connect() as conn:
        processed = dict((await conn.execute(select(inbox.c.message_id, inbox.c.processed_at)
                                             .where(inbox.c.source == "contract"))).all())
    return [Message(as_utc(r.created_at), r.delivered_at and as_utc(r.delivered_at),
                    (p := processed.get(r.message_id)) and as_utc(p), committed.get(r.stream_id)) for r in rows]


async def drained(contract: AsyncEngine, payroll: AsyncEngine, timeout: float) -> bool:
    """Wait until every payroll-bound message has taken effect in payroll (or `timeout` seconds pass).

    Counts only, twice a second, so that the polling stays cheap beside what is measured: the inbox
    de-duplicates, so the two counts match once every message written so far has taken effect."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        async with contract.connect() as conn:
            sent = (await conn.execute(select(func.count()).select_from(outbox).where(
                outbox.c.destination == "payroll"))).scalar_one()
        async with payroll.connect() as conn:
            done = (await conn.execute(select(func.count()).select_from(inbox).where(
                inbox.c.source == "contract", inbox.c.processed_at.is_not(None)))).scalar_one()
        if done >= sent:
            return True
        await asyncio.sleep(0.5)
    return False


def percentiles_ms(lags: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds of `lags` (seconds); NaN when there are none."""
    if len(lags) < 2:
        return (lags[0] * 1000, lags[0] * 1000) if lags else (float("nan"), float("nan"))
    q = statistics.quantiles(lags, n=100, method="inclusive")
    return q[49] * 1000, q[98] * 1000


@dataclass(frozen=True)
class Lags:
    messages: int
    delivered: int
    processed: int
    delivery: tuple[float, float]  # p50, p99 ms
    effect: tuple[float, float]
    after_commit: tuple[float, float]  # delivery lag from the commit's return

    @classmethod
    def of(cls, messages: Sequence[Message]) -> Lags:
        delivery = [(m.delivered - m.created).total_seconds() for m in messages if m.delivered]
        effect = [(m.processed - m.created).total_seconds() for m in messages if m.processed]
        after = [max(0.0, (m.delivered - m.committed).total_seconds()) for m in messages if m.delivered and m.committed]
        return cls(len(messages), len(delivery), len(effect), percentiles_ms(delivery), percentiles_ms(effect),
                   percentiles_ms(after))

    def text(self) -> str:
        missing = "" if self.processed == self.messages else \
            f"  (NOT DONE: {self.messages - self.delivered} undelivered, {self.messages - self.processed} unprocessed)"
        return (f"delivery lag p50 {self.delivery[0]:7.1f} ms p99 {self.delivery[1]:7.1f} ms "
                f"(after commit p50 {self.after_commit[0]:.1f} p99 {self.after_commit[1]:.1f})   "
                f"effect lag p50 {self.effect[0]:7.1f} ms p99 {self.effect[1]:7.1f} ms{missing}")


@dataclass(frozen=True)
class Throughput:
    """How fast a backlog went once its peer answered."""

    messages: int
    delivered_per_s: float  # from the peer's first answer to /health until the last delivered
    delivered_per_s_flowing: float  # from the first delivery mark to the last: the relay's pace alone
    processed_per_s: float  # from the peer's first answer to /health until the last took effect
    first_delivery_s: float  # the peer's first answer to /health until the relay's first mark

    @classmethod
    def of(cls, messages: Sequence[Message], healthy: datetime) -> Throughput:
        delivered = sorted(m.delivered for m in messages if m.delivered)
        processed = [m.processed for m in messages if m.processed]  # all of them unless the drain timed out
        first_marks = sum(1 for d in delivered if d == delivered[0])
        flowing = (delivered[-1] - delivered[0]).total_seconds()
        return cls(len(messages), len(delivered) / max(1e-6, (delivered[-1] - healthy).total_seconds()),
                   (len(delivered) - first_marks) / flowing if flowing > 0 else float("nan"),
                   len(processed) / max(1e-6, (max(processed) - healthy).total_seconds()),
                   (delivered[0] - healthy).total_seconds())


def catch_up_seconds(messages: Sequence[Message], healthy: datetime, until: str = "processed") -> float:
    """From the peer's first answer until every message written before it had taken effect (or, with
    `until="delivered"`, had been delivered)."""
    before = [getattr(m, until) for m in messages if m.created <= healthy]
    if any(at is None for at in before):
        return float("nan")
    return max(0.0, max((at - healthy).total_seconds() for at in before))
