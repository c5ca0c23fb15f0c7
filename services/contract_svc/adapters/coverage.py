"""Signing coverage as supervisors measure it (DOMAIN.md "What supervisors measure").

A manager is covered on a date when a tenure of theirs has a signed agreement on or before it, its
term (with any extension) runs through it, and it has not ended before it. Only managers in post are
counted: one whose every tenure ended before the date has left. An enterprise is covered when it has
managers in post and every one is covered.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.contract_svc.adapters.read_models import enterprises_view, managers_view, tenures_view


async def covered_manager_ids(conn: AsyncConnection, on: date) -> set[str]:
    query = select(tenures_view.c.manager_id).where(
        tenures_view.c.signed_on.is_not(None),
        tenures_view.c.signed_on <= on,
        tenures_view.c.end_date >= on,
        or_(tenures_view.c.ended_on.is_(None), tenures_view.c.ended_on >= on),
    )
    return set((await conn.execute(query)).scalars())


async def left_manager_ids(conn: AsyncConnection, on: date) -> set[str]:
    """Managers no longer in post on `on`: every tenure of theirs had ended (by exit, termination or expiry)
    before it. A manager with no tenure yet, or with one still to be signed, is in post."""
    t = tenures_view.c
    over = or_(t.end_date < on, and_(t.ended_on.is_not(None), t.ended_on < on))
    rows = (await conn.execute(select(t.manager_id, over.label("over")))).all()
    running = {r.manager_id for r in rows if not r.over}
    return {r.manager_id for r in rows} - running


async def signing_coverage(
    conn: AsyncConnection, on: date, category: str | None = None, within: ColumnElement[bool] | None = None
) -> dict:
    """Coverage over the enterprises `within` (a filter of enterprises_view: those the caller may see)."""
    enterprises = select(enterprises_view.c.id, enterprises_view.c.code)
    if within is not None:
        enterprises = enterprises.where(within)
    if category:
        enterprises = enterprises.where(enterprises_view.c.category == category)
    enterprise_rows = (await conn.execute(enterprises)).all()
    ids = [r.id for r in enterprise_rows]
    managers = (
        await conn.execute(
            select(managers_view.c.id, managers_view.c.code, managers_view.c.enterprise_id).where(
                and_(managers_view.c.enterprise_id.in_(ids))
            )
        )
    ).all()
    left = await left_manager_ids(conn, on)
    managers = [m for m in managers if m.id not in left]
    covered = await covered_manager_ids(conn, on)
    by_enterprise: dict[str, list[bool]] = {r.id: [] for r in enterprise_rows}
    for m in managers:
        by_enterprise[m.enterprise_id].append(m.id in covered)
    covered_enterprises = [r.code for r in enterprise_rows if by_enterprise[r.id] and all(by_enterprise[r.id])]
    return {
        "on": on,
        "enterprises": len(enterprise_rows),
        "enterprises_covered": len(covered_enterprises),
        "managers": len(managers),
        "managers_covered": sum(1 for m in managers if m.id in covered),
        "enterprises_not_covered": sorted(r.code for r in enterprise_rows if r.code not in covered_enterprises),
        "managers_not_covered": sorted(m.code for m in managers if m.id not in covered),
    }
