"""The inbox's receiving half: one authenticated sender's batch of messages recorded at once, each answered.

Recording is all a delivery waits for: the messages take effect afterwards (processor.py). A message already
recorded, in an earlier delivery or twice in this batch, is a duplicate and is recorded once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.eventstore.tables import inbox
from shared.messages import Message

Outcome = Literal["accepted", "duplicate"]


@dataclass(frozen=True)
class Receipt:
    message_id: str
    outcome: Outcome


async def record(conn: AsyncConnection, source: str, messages: Sequence[Message], now: datetime) -> list[Receipt]:
    """Record `messages` from `source` in arrival order; the caller commits."""
    ids = [m.message_id for m in messages]
    query = select(inbox.c.message_id).where(inbox.c.source == source, inbox.c.message_id.in_(ids))
    seen = set((await conn.execute(query)).scalars())
    receipts: list[Receipt] = []
    rows: list[dict[str, Any]] = []
    for position, message in enumerate(messages):
        if message.message_id in seen:
            receipts.append(Receipt(message.message_id, "duplicate"))
            continue
        seen.add(message.message_id)
        rows.append(_row(source, message, now, position))
        receipts.append(Receipt(message.message_id, "accepted"))
    if rows:
        await conn.execute(_insert_once(conn.dialect.name), rows)
    return receipts


def _row(source: str, message: Message, now: datetime, position: int) -> dict[str, Any]:
    return {"source": source, "message_id": message.message_id, "type": message.type, "received_at": now,
            "position": position, "stream_id": message.stream_id, "version": message.version,
            "body": message.to_json()}


def _insert_once(dialect: str) -> Insert:
    """An insert that leaves a row another delivery recorded meanwhile (two relays racing) as it is."""
    if dialect == "postgresql":
        return postgresql.insert(inbox).on_conflict_do_nothing()
    return sqlite.insert(inbox).on_conflict_do_nothing()
