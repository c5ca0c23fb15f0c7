"""The contract side's facts of what supervisors measure, and the payroll's part asked over HTTP.

Managers moved down or out for performance are the tenures ended by a decision on an exit proposal: the
appraisal side raises proposals only on performance triggers (DOMAIN.md "Warnings and exit"), whereas a
termination ordered directly may be for misconduct and is not counted. A rigid exit, or 一重's automatic
removal, moves a manager out; a flexible adjustment (a transfer, a demotion) moves them down."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import ColumnElement, select

from services.contract_svc.adapters.read_models import enterprises_view, managers_view, tenures_view
from services.contract_svc.adapters.record_sources import ask_peer
from services.contract_svc.domain.tenure import Tenure
from shared.domain.vocabulary import AUTOMATIC_REMOVAL
from shared.unit_of_work import UnitOfWork

OUT, DOWN = "rigid_exit", "flexible_adjustment"


@dataclass(frozen=True)
class MovedForPerformance:
    manager_code: str
    enterprise_code: str
    tenure_id: UUID
    mode: str  # rigid_exit or automatic_removal (out), flexible_adjustment (down)
    effective_on: date
    proposal_id: str


def count_moves(moved: list[MovedForPerformance]) -> tuple[int, int]:
    """(out, down): rigid exits and automatic removals, and flexible adjustments."""
    return sum(1 for m in moved if m.mode in (OUT, AUTOMATIC_REMOVAL)), sum(1 for m in moved if m.mode == DOWN)


async def moved_for_performance(uow: UnitOfWork, since: date, until: date, enterprise_id: UUID | None,
                                within: ColumnElement[bool] | None = None) -> list[MovedForPerformance]:
    """Tenures ended between `since` and `until` (inclusive) by a decision on an exit proposal, by date."""
    await uow.begin()
    assert uow.conn is not None
    t, m, e = tenures_view.c, managers_view.c, enterprises_view.c
    query = (select(t.id, m.code.label("manager"), e.code.label("enterprise"))
             .join(managers_view, m.id == t.manager_id).join(enterprises_view, e.id == t.enterprise_id)
             .where(t.ended_reason == "terminated", t.ended_on >= since, t.ended_on <= until)
             .order_by(t.ended_on, m.code))
    if within is not None:
        query = query.where(within)
    if enterprise_id:
        query = query.where(t.enterprise_id == str(enterprise_id))
    moved = []
    for row in (await uow.conn.execute(query)).all():
        ended = (await uow.load(Tenure, UUID(row.id))).termination
        if ended is not None and ended.proposal_id is not None:
            moved.append(MovedForPerformance(row.manager, row.enterprise, UUID(row.id), ended.mode,
                                             ended.effective_on, ended.proposal_id))
    return moved


async def pay_part(client: httpx.AsyncClient, peers: Mapping[str, str], on: date, enterprise_id: UUID | None,
                   headers: Mapping[str, str]) -> dict[str, Any]:
    """The payroll's figures (performance-pay share by level, pay that followed an appraisal), as the caller;
    {"error": ...} when the payroll service is not configured or does not answer."""
    params = {"on": on.isoformat(), **({"enterprise_id": str(enterprise_id)} if enterprise_id else {})}
    return await ask_peer(client, peers.get("payroll"), "payroll", "GET", "/supervision/pay", params=params,
                          headers=headers)
