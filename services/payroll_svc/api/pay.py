"""Pay plans, monthly base runs, periods, clawbacks; payslips, yearly statements and exports.

Who may: the payroll officer runs pay and claws it back; pay figures are read by the payroll officer, the
enterprise's HR, auditors and the manager themself, each read written to the access log. A tenure or an
enterprise outside the caller's grants answers exactly as one that does not exist (404).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import select

from services.payroll_svc.adapters.read_models import accounts_view, payment_lines_view
from services.payroll_svc.api import exports
from services.payroll_svc.api.reach import enterprise_in_reach, tenure_in_reach
from services.payroll_svc.application import commands as c
from services.payroll_svc.application import pay as handlers
from services.payroll_svc.domain.account import PayAccount
from shared.api.access_log import log_access
from shared.api.deps import ReadDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import enterprise_at, tenure_at
from shared.messages import jsonable

router = APIRouter(tags=["pay"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
PeriodQuery = Annotated[str, Query(pattern=c.PERIOD, examples=["2023-01"])]
READ_PAY = allow("pay.read", tenure_at(), what="tenure", logged=True)


def account_body(account: PayAccount) -> dict[str, Any]:
    return jsonable({
        "id": account.id, "tenure_id": account.tenure_id, "manager_id": account.manager_id,
        "enterprise_id": account.enterprise_id, "level": account.level, "start": account.start, "end": account.end,
        "base": account.base, "performance": account.performance, "policy_id": account.policy_id,
        "policy_version": account.policy_version, "lines": list(account.lines), "settlements": account.settlements,
        "tenure_settlement": account.tenure_settlement, "exit": account.exit,
        "closed_periods": list(account.closed_periods), "version": account.version,
    })


@router.post("/pay-plans", status_code=CREATED, dependencies=[allow("pay.run")])
async def plan_pay(cmd: c.PlanPay, uow: UowDep, access: AccessDep, response: Response) -> dict[str, Any]:
    """A tenure's annual base and target performance salary; refused below the level's minimum performance share."""
    await tenure_in_reach(access, cmd.tenure_id)
    account = await handlers.plan_pay(uow, cmd)
    with_version(response, account.version)
    return account_body(account)


@router.post("/base-runs", status_code=CREATED, dependencies=[allow("pay.run")])
async def run_base(cmd: c.RunBase, uow: UowDep, access: AccessDep) -> dict[str, Any]:
    """The month's base for every planned tenure of the enterprise; a period run again pays nothing more."""
    await enterprise_in_reach(access, cmd.enterprise_id)
    lines = await handlers.run_base(uow, cmd)
    return {"enterprise_id": str(cmd.enterprise_id), "period": cmd.period, "lines": jsonable(lines)}


@router.post("/periods/closing", status_code=CREATED, dependencies=[allow("pay.run")])
async def close_period(cmd: c.ClosePeriod, uow: UowDep, access: AccessDep) -> dict[str, Any]:
    """Close the period's payslips: later changes go on the next open period, never into a closed payslip."""
    await enterprise_in_reach(access, cmd.enterprise_id)
    return {"period": cmd.period, "accounts": await handlers.close_period(uow, cmd)}


@router.post("/clawbacks", status_code=CREATED, dependencies=[allow("pay.clawback")])
async def claw_back(cmd: c.ClawBack, uow: UowDep, access: AccessDep, response: Response) -> dict[str, Any]:
    """A recorded decision (reason, amount, period) recovering pay already paid."""
    await tenure_in_reach(access, cmd.tenure_id)
    account = await handlers.claw_back(uow, cmd)
    with_version(response, account.version)
    return account_body(account)


@router.get("/accounts/{tenure_id}", dependencies=[READ_PAY])
async def account(tenure_id: UUID, uow: ReadUowDep, response: Response) -> dict[str, Any]:
    """A tenure's plan, every payment line with its cause and policy version, and its settlements."""
    found = await uow.load(PayAccount, PayAccount.create_id(tenure_id))
    with_version(response, found.version)
    return account_body(found)


@router.get("/payslips", dependencies=[READ_PAY])
async def payslip(conn: ReadDep, tenure_id: Annotated[UUID, Query()], period: PeriodQuery) -> dict[str, Any]:
    """A tenure's payslip for one period: its lines and their total."""
    rows = await _lines(conn, period=period, tenure_id=tenure_id)
    return {"tenure_id": str(tenure_id), "period": period, "lines": rows, "total": _total(rows)}


@router.get("/statements", dependencies=[READ_PAY])
async def statement(conn: ReadDep, tenure_id: Annotated[UUID, Query()],
                    year: Annotated[int, Query(ge=1000, le=9999)]) -> dict[str, Any]:
    """A manager's yearly statement: every line paid in the year's periods, by kind."""
    rows = [r for r in await _lines(conn, tenure_id=tenure_id) if r["period"].startswith(f"{year}-")]
    kinds: dict[str, Decimal] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], Decimal("0.00")) + Decimal(r["amount"])
    return {"tenure_id": str(tenure_id), "year": year, "lines": rows, "by_kind": jsonable(kinds), "total": _total(rows)}


@router.get("/payslips/export", dependencies=[allow("pay.export", enterprise_at(), what="enterprise")])
async def export(request: Request, conn: ReadDep, access: AccessDep, enterprise_id: Annotated[UUID, Query()],
                 period: PeriodQuery, format: Annotated[c.ExportFormat, Query()] = "csv") -> Response:
    """A period's payslip lines for the group payroll system, as CSV or XLSX; text that could run as a
    spreadsheet formula is written as text. Each manager in the file is a read in the access log."""
    rows = await _lines(conn, period=period, enterprise_id=enterprise_id)
    for manager_id in await _managers(conn, {r["tenure_id"] for r in rows}):
        await log_access(request, access, manager_id)
    cells = exports.table(rows)
    body, media = (exports.as_csv(cells), "text/csv") if format == "csv" else (exports.as_xlsx(cells), exports.XLSX)
    name = f"payslips-{period}.{format}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _lines(conn, **where: Any) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    query = select(payment_lines_view)
    for column, value in where.items():
        query = query.where(payment_lines_view.c[column] == str(value))
    query = query.order_by(payment_lines_view.c.period, payment_lines_view.c.tenure_id, payment_lines_view.c.line_id)
    return [jsonable(dict(r._mapping)) for r in (await conn.execute(query)).all()]


async def _managers(conn, tenure_ids: set[str]) -> list[str]:  # type: ignore[no-untyped-def]
    query = select(accounts_view.c.manager_id).where(accounts_view.c.tenure_id.in_(sorted(tenure_ids)))
    return sorted({str(m) for m in (await conn.execute(query)).scalars().all()})


def _total(rows: list[dict[str, Any]]) -> str:
    return str(sum((Decimal(r["amount"]) for r in rows), Decimal("0.00")))
