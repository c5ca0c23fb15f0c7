"""The payroll service's read models: accounts and every payment line, for payslips, statements, exports."""

from __future__ import annotations

from eventsourcing.domain import Aggregate
from sqlalchemy import JSON, Column, Integer, MetaData, Numeric, String, Table, delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.payroll_svc.domain.account import PayAccount
from shared.readmodels import upsert

metadata = MetaData()
ID = String(36)

accounts_view = Table(
    "accounts_view",
    metadata,
    Column("id", ID, primary_key=True),
    Column("tenure_id", ID, nullable=False, unique=True),
    Column("manager_id", ID, nullable=False, index=True),
    Column("enterprise_id", ID, nullable=False, index=True),
    Column("base", Numeric(14, 2), nullable=False),
    Column("performance", Numeric(14, 2), nullable=False),
    Column("version", Integer, nullable=False),
)

payment_lines_view = Table(
    "payment_lines_view",
    metadata,
    Column("account_id", ID, primary_key=True),
    Column("line_id", String(20), primary_key=True),
    Column("tenure_id", ID, nullable=False, index=True),
    Column("enterprise_id", ID, nullable=False, index=True),
    Column("period", String(7), nullable=False, index=True),
    Column("for_period", String(10), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("amount", Numeric(14, 2), nullable=False),
    Column("cause", JSON, nullable=False),
    Column("note", String(2000)),  # a clawback's reason, whole (commands.REASON_LENGTH)
    Column("corrects", String(20)),
    Column("policy_version", Integer, nullable=False),
)


# Final results learned before a tenure had a pay plan: settled as soon as the plan is made.
known_results = Table(
    "known_results",
    metadata,
    Column("tenure_id", ID, primary_key=True),
    Column("year", Integer, primary_key=True),  # 0 for the tenure appraisal
    Column("result", JSON, nullable=False),
    Column("ref", String(120), nullable=False),
)


async def project(conn: AsyncConnection, aggregate: Aggregate) -> None:
    if not isinstance(aggregate, PayAccount):
        return
    a = aggregate
    await upsert(conn, accounts_view, {"id": str(a.id), "tenure_id": str(a.tenure_id), "manager_id": str(a.manager_id),
                                       "enterprise_id": str(a.enterprise_id), "base": a.base,
                                       "performance": a.performance, "version": a.version})
    await conn.execute(delete(payment_lines_view).where(payment_lines_view.c.account_id == str(a.id)))
    rows = [{"account_id": str(a.id), "tenure_id": str(a.tenure_id), "enterprise_id": str(a.enterprise_id),
             **line.as_recorded()} for line in a.lines]
    if rows:
        await conn.execute(insert(payment_lines_view), rows)


# What `project` writes from this service's own events, and can rebuild from them (not what it learned).
PROJECTED = (accounts_view, payment_lines_view)
