"""The payroll service's typed reads: what it learned of tenures and policies, the accounts of an
enterprise, the final results kept for a plan made later, and payment lines for payslips and exports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.payroll_svc.adapters.read_models import accounts_view, known_results, payment_lines_view
from services.payroll_svc.domain.plan import KnownTenure
from shared.domain.messages import AnnualResult, TenureResult
from shared.errors import NotFoundError
from shared.knowledge import tables as knowledge
from shared.unit_of_work import UnitOfWork

TENURE = 0  # the year under which the tenure appraisal's result is kept


async def _conn(uow: UnitOfWork) -> AsyncConnection:
    await uow.begin()
    assert uow.conn is not None
    return uow.conn


async def known_tenure(uow: UnitOfWork, tenure_id: UUID) -> KnownTenure:
    return _known_tenure(await knowledge.tenure(await _conn(uow), tenure_id))


async def known_tenures(uow: UnitOfWork, tenure_ids: Sequence[UUID]) -> dict[UUID, KnownTenure]:
    """Those of the tenures payroll has learned, in one query."""
    learned = knowledge.known_tenures
    query = select(learned).where(learned.c.id.in_(sorted({str(i) for i in tenure_ids})))
    return {(t := _known_tenure(row)).tenure_id: t for row in (await (await _conn(uow)).execute(query)).all()}


def _known_tenure(row: Any) -> KnownTenure:
    return KnownTenure(UUID(str(row.id)), UUID(str(row.manager_id)), UUID(str(row.enterprise_id)), row.level,
                       row.status, row.start_date, row.end_date, UUID(str(row.policy_id)))


async def planned_tenures(uow: UnitOfWork, tenure_ids: Sequence[UUID]) -> set[UUID]:
    """Those of the tenures that have a pay plan, in one query."""
    query = select(accounts_view.c.tenure_id).where(accounts_view.c.tenure_id.in_(sorted({str(i) for i in tenure_ids})))
    return {UUID(str(i)) for i in (await (await _conn(uow)).execute(query)).scalars().all()}


@dataclass(frozen=True)
class PolicyVersion:
    number: int
    parameters: Mapping[str, Any]


async def policy_version_on(uow: UnitOfWork, policy_id: UUID, on: date) -> PolicyVersion:
    row = await knowledge.policy_version_on(await _conn(uow), str(policy_id), on)
    return PolicyVersion(row.number, row.parameters)


async def account_ids(uow: UnitOfWork, enterprise_id: UUID) -> list[UUID]:
    """The enterprise's pay accounts, or 404 when it has none."""
    query = select(accounts_view.c.id).where(accounts_view.c.enterprise_id == str(enterprise_id))
    ids = (await (await _conn(uow)).execute(query.order_by(accounts_view.c.id))).scalars().all()
    if not ids:
        raise NotFoundError(f"no pay plan in enterprise {enterprise_id}", field="enterprise_id",
                            rule="planned_enterprise")
    return [UUID(i) for i in ids]


async def remember(uow: UnitOfWork, tenure_id: UUID, year: int, result: dict[str, Any], ref: str) -> None:
    """Keep the latest final result of the tenure's `year` (TENURE for the tenure appraisal)."""
    conn = await _conn(uow)
    key = (known_results.c.tenure_id == str(tenure_id)) & (known_results.c.year == year)
    await conn.execute(delete(known_results).where(key))
    await conn.execute(insert(known_results).values(tenure_id=str(tenure_id), year=year, result=result, ref=ref))


async def remembered_ref(uow: UnitOfWork, tenure_id: UUID, year: int) -> str | None:
    """The message the kept result of the tenure's `year` came in."""
    key = (known_results.c.tenure_id == str(tenure_id)) & (known_results.c.year == year)
    return await (await _conn(uow)).scalar(select(known_results.c.ref).where(key))


@dataclass(frozen=True)
class KnownResults:
    """What became final for a tenure: its years' results in order, and its tenure appraisal's."""

    annual: list[tuple[AnnualResult, str]]
    tenure: tuple[TenureResult, date, str] | None


async def known_results_of(uow: UnitOfWork, tenure_id: UUID) -> KnownResults:
    return (await known_results_for(uow, [tenure_id]))[tenure_id]


async def known_results_for(uow: UnitOfWork, tenure_ids: Sequence[UUID]) -> dict[UUID, KnownResults]:
    """What became final for each of the tenures, in one query."""
    ids = sorted({str(i) for i in tenure_ids})
    query = select(known_results).where(known_results.c.tenure_id.in_(ids)).order_by(known_results.c.year)
    rows: dict[str, list[Any]] = {i: [] for i in ids}
    for row in (await (await _conn(uow)).execute(query)).all():
        rows[str(row.tenure_id)].append(row)
    return {UUID(i): _known_results(found) for i, found in rows.items()}


def _known_results(rows: list[Any]) -> KnownResults:
    annual = [(AnnualResult.model_validate({**r.result, "tenure_id": r.tenure_id}), r.ref) for r in rows
              if r.year != TENURE]
    tenure = next(((TenureResult.model_validate(r.result), date.fromisoformat(r.result["final_on"]), r.ref)
                   for r in rows if r.year == TENURE), None)
    return KnownResults(annual, tenure)


async def payment_lines(conn: AsyncConnection, **where: Any) -> list[dict[str, Any]]:
    """Payment lines as the read model holds them, by period, tenure and line."""
    query = select(payment_lines_view)
    for column, value in where.items():
        query = query.where(payment_lines_view.c[column] == str(value))
    query = query.order_by(payment_lines_view.c.period, payment_lines_view.c.tenure_id, payment_lines_view.c.line_id)
    return [dict(r._mapping) for r in (await conn.execute(query)).all()]


async def managers_of(conn: AsyncConnection, tenure_ids: set[str]) -> list[str]:
    query = select(accounts_view.c.manager_id).where(accounts_view.c.tenure_id.in_(sorted(tenure_ids)))
    return sorted({str(m) for m in (await conn.execute(query)).scalars().all()})


async def tenure_ids_of(conn: AsyncConnection, manager_id: UUID) -> list[str]:
    """The manager's tenures as payroll learned them."""
    query = select(knowledge.known_tenures.c.id).where(knowledge.known_tenures.c.manager_id == str(manager_id))
    return [str(r.id) for r in (await conn.execute(query)).all()]


def accounts_query(visible: ColumnElement[bool], enterprise_id: UUID | None, manager_id: UUID | None) -> Select[Any]:
    """The pay accounts the caller may see, of one enterprise or manager when told, in a stable order."""
    query = select(accounts_view).where(visible).order_by(accounts_view.c.enterprise_id, accounts_view.c.tenure_id)
    if enterprise_id:
        query = query.where(accounts_view.c.enterprise_id == str(enterprise_id))
    if manager_id:
        query = query.where(accounts_view.c.manager_id == str(manager_id))
    return query
