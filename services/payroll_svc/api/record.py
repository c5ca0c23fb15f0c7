"""The payroll service's part of a manager's tenure record: each tenure's pay account (plan, every payment
line with its cause and policy version, settlements, exit) as recorded by the as-of time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from sqlalchemy.ext.asyncio import AsyncConnection

from services.payroll_svc.adapters.queries import tenure_ids_of
from services.payroll_svc.api.schemas import AccountPublic
from services.payroll_svc.domain.account import PayAccount
from shared.records import ManagerStreams, RecordSpec

CATEGORIES = {
    "PayAccount.LineAdded": "payment",
    "PayAccount.YearSettled": "payment",
    "PayAccount.TenureSettled": "payment",
    "PayAccount.Exited": "decision",
    "PayAccount.Extended": "decision",
}


async def manager_streams(conn: AsyncConnection, manager_id: UUID) -> ManagerStreams:
    """One pay account per tenure."""
    tenures = await tenure_ids_of(conn, manager_id)
    return ManagerStreams([str(PayAccount.create_id(UUID(t))) for t in tenures], frozenset(tenures))


async def describe(
    conn: AsyncConnection, manager_id: UUID, streams: ManagerStreams, aggregates: Mapping[str, Aggregate]
) -> dict[str, Any]:
    accounts = sorted((a for a in aggregates.values() if isinstance(a, PayAccount)), key=lambda a: a.start)
    return {"accounts": [AccountPublic.of(a).model_dump(mode="json") for a in accounts]}


RECORD = RecordSpec(streams=manager_streams, describe=describe, categories=CATEGORIES)
