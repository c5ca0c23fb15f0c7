"""The payroll service's read models: accounts and every payment line, for payslips, statements, exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import JSON, Column, Integer, MetaData, Numeric, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.payroll_svc.domain.account import PayAccount
from shared.readmodels import upsert_all

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


async def project(conn: AsyncConnection, aggregates: Sequence[Aggregate]) -> None:
    """The accounts' rows, and the payment lines the view does not hold yet: lines are only ever added (a
    correction is a line of its own), so the view holds the first ones of each account already. A statement
    each for the rows, the counts and the new lines, whatever the number of accounts."""
    accounts = [a for a in aggregates if isinstance(a, PayAccount)]
    if not accounts:
        return
    await upsert_all(conn, ((accounts_view, _account_row(a), "id") for a in accounts))
    lines = payment_lines_view.c
    held = dict((await conn.execute(select(lines.account_id, func.count()).where(
        lines.account_id.in_([str(a.id) for a in accounts])).group_by(lines.account_id))).all())
    rows = [{"account_id": str(a.id), "tenure_id": str(a.tenure_id), "enterprise_id": str(a.enterprise_id),
             **line.as_recorded()} for a in accounts for line in a.lines[held.get(str(a.id), 0):]]
    if rows:
        await conn.execute(insert(payment_lines_view), rows)


def _account_row(a: PayAccount) -> dict[str, Any]:
    return {"id": str(a.id), "tenure_id": str(a.tenure_id), "manager_id": str(a.manager_id),
            "enterprise_id": str(a.enterprise_id), "base": a.base, "performance": a.performance, "version": a.version}


# What `project` writes from this service's own events, and can rebuild from them (not what it learned).
PROJECTED = (accounts_view, payment_lines_view)
