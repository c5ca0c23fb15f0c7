"""The contract service's read models: one row per aggregate, for lists, filters and unique codes.

The events are the truth; these rows are rewritten from the aggregate in the same transaction as
its events, so a list never disagrees with what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.domain import Aggregate
from sqlalchemy import Boolean, Column, Date, Integer, MetaData, String, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from services.contract_svc.domain.bid import TargetBid
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.readmodels import upsert_all

metadata = MetaData()

enterprises_view = Table(
    "enterprises_view",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(50), nullable=False, unique=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200)),
    Column("category", String(100), nullable=False, index=True),
    Column("has_board", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

managers_view = Table(
    "managers_view",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(50), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("level", String(20), nullable=False, index=True),
    Column("position", String(40), nullable=False),
    Column("title", String(200)),
    Column("enterprise_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
)

policies_view = Table(
    "policies_view",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    # "enterprise:<id>" or "category:<name>": one policy per scope, changed only by revising it
    Column("scope_key", String(150), nullable=False, unique=True),
    Column("enterprise_id", String(36)),
    Column("category", String(100)),
    Column("current_version", Integer, nullable=False),
    Column("version", Integer, nullable=False),
)

tenures_view = Table(
    "tenures_view",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("manager_id", String(36), nullable=False, index=True),
    Column("enterprise_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("term_number", Integer, nullable=False),
    Column("previous_tenure_id", String(36)),
    Column("signed_on", Date),
    Column("ended_reason", String(20)),
    Column("ended_on", Date),
    Column("version", Integer, nullable=False),
)

bids_view = Table(
    "bids_view",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("enterprise_id", String(36), nullable=False, index=True),
    Column("position", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
)


def _enterprise(e: Enterprise) -> dict[str, Any]:
    return {"code": e.code, "name_zh": e.name_zh, "name_en": e.name_en, "category": e.category, "has_board": e.has_board}


def _manager(m: Manager) -> dict[str, Any]:
    return {
        "code": m.code, "name": m.name, "level": m.level, "position": m.position, "title": m.title,
        "enterprise_id": str(m.enterprise_id),
    }


def _policy(p: Policy) -> dict[str, Any]:
    scope = f"enterprise:{p.enterprise_id}" if p.enterprise_id else f"category:{p.category}"
    return {
        "name": p.name, "scope_key": scope, "enterprise_id": str(p.enterprise_id) if p.enterprise_id else None,
        "category": p.category, "current_version": p.current.number,
    }


def tenure_row(t: Tenure) -> dict[str, Any]:
    signed = [s.signed_on for s in t.agreement_signatures]
    return {
        "manager_id": str(t.manager_id), "enterprise_id": str(t.enterprise_id), "status": t.status,
        "start_date": t.start, "end_date": t.end, "term_number": t.term_number,
        "previous_tenure_id": str(t.previous_tenure_id) if t.previous_tenure_id else None,
        "signed_on": max(signed) if t.status not in ("draft", "reviewed", "approved") and signed else None,
        "ended_reason": t.ended_reason, "ended_on": t.ended_on,
    }


def _bid(b: TargetBid) -> dict[str, Any]:
    return {"enterprise_id": str(b.enterprise_id), "position": b.position, "status": b.status}


PROJECTIONS: dict[type, tuple[Table, Callable[[Any], dict[str, Any]]]] = {
    Enterprise: (enterprises_view, _enterprise),
    Manager: (managers_view, _manager),
    Policy: (policies_view, _policy),
    Tenure: (tenures_view, tenure_row),
    TargetBid: (bids_view, _bid),
}


async def project(conn: AsyncConnection, aggregates: Sequence[Aggregate]) -> None:
    """Rewrite each aggregate's row from its current state, one statement per table; a performance letter has
    none (its id follows from its tenure's and its key), nor an onboarding."""
    await upsert_all(conn, (_row(a) for a in aggregates if type(a) in PROJECTIONS))


def _row(aggregate: Aggregate) -> tuple[Table, dict[str, Any], str]:
    table, row_of = PROJECTIONS[type(aggregate)]
    return table, {"id": str(aggregate.id), "version": aggregate.version, **row_of(aggregate)}, "id"


# What `project` writes from this service's own events, and can rebuild from them.
PROJECTED = tuple(metadata.sorted_tables)
