"""Pay plans, monthly base runs, periods, clawbacks; payslips, yearly statements and exports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from openpyxl import Workbook
from sqlalchemy import select

from services.payroll_svc.adapters.read_models import payment_lines_view
from services.payroll_svc.application import commands as c
from services.payroll_svc.application import pay as handlers
from services.payroll_svc.domain.account import PayAccount
from shared.api.deps import ReadDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.messages import jsonable

router = APIRouter(tags=["pay"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
EXPORT_COLUMNS = ("period", "tenure_id", "line_id", "kind", "amount", "for_period", "cause", "note", "corrects", "policy_version")


def account_body(account: PayAccount) -> dict[str, Any]:
    return jsonable({
        "id": account.id, "tenure_id": account.tenure_id, "manager_id": account.manager_id,
        "enterprise_id": account.enterprise_id, "level": account.level, "start": account.start, "end": account.end,
        "base": account.base, "performance": account.performance, "policy_id": account.policy_id,
        "policy_version": account.policy_version, "lines": list(account.lines), "settlements": account.settlements,
        "tenure_settlement": account.tenure_settlement, "exit": account.exit,
        "closed_periods": list(account.closed_periods), "version": account.version,
    })


@router.post("/pay-plans", status_code=CREATED)
async def plan_pay(cmd: c.PlanPay, uow: UowDep, response: Response) -> dict[str, Any]:
    """A tenure's annual base and target performance salary; refused below the level's minimum performance share."""
    account = await handlers.plan_pay(uow, cmd)
    with_version(response, account.version)
    return account_body(account)


@router.post("/base-runs", status_code=CREATED)
async def run_base(cmd: c.RunBase, uow: UowDep) -> dict[str, Any]:
    """The month's base for every planned tenure of the enterprise; a period run again pays nothing more."""
    lines = await handlers.run_base(uow, cmd)
    return {"enterprise_id": str(cmd.enterprise_id), "period": cmd.period, "lines": jsonable(lines)}


@router.post("/periods/closing", status_code=CREATED)
async def close_period(cmd: c.ClosePeriod, uow: UowDep) -> dict[str, Any]:
    """Close the period's payslips: later changes go on the next open period, never into a closed payslip."""
    return {"period": cmd.period, "accounts": await handlers.close_period(uow, cmd)}


@router.post("/clawbacks", status_code=CREATED)
async def claw_back(cmd: c.ClawBack, uow: UowDep, response: Response) -> dict[str, Any]:
    """A recorded decision (reason, amount, period) recovering pay already paid."""
    account = await handlers.claw_back(uow, cmd)
    with_version(response, account.version)
    return account_body(account)


@router.get("/accounts/{tenure_id}")
async def account(tenure_id: UUID, uow: ReadUowDep, response: Response) -> dict[str, Any]:
    """A tenure's plan, every payment line with its cause and policy version, and its settlements."""
    found = await uow.load(PayAccount, PayAccount.create_id(tenure_id))
    with_version(response, found.version)
    return account_body(found)


@router.get("/payslips")
async def payslip(conn: ReadDep, tenure_id: Annotated[UUID, Query()], period: Annotated[str, Query(pattern=c.PERIOD)]) -> dict[str, Any]:
    rows = await _lines(conn, period=period, tenure_id=tenure_id)
    return {"tenure_id": str(tenure_id), "period": period, "lines": rows, "total": _total(rows)}


@router.get("/statements")
async def statement(conn: ReadDep, tenure_id: Annotated[UUID, Query()], year: Annotated[int, Query()]) -> dict[str, Any]:
    """A manager's yearly statement: every line paid in the year's periods, by kind."""
    rows = [r for r in await _lines(conn, tenure_id=tenure_id) if r["period"].startswith(f"{year}-")]
    kinds: dict[str, Decimal] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], Decimal("0.00")) + Decimal(r["amount"])
    return {"tenure_id": str(tenure_id), "year": year, "lines": rows, "by_kind": jsonable(kinds), "total": _total(rows)}


@router.get("/payslips/export")
async def export(conn: ReadDep, enterprise_id: Annotated[UUID, Query()], period: Annotated[str, Query(pattern=c.PERIOD)],
                 format: Annotated[c.ExportFormat, Query()] = "csv") -> Response:
    """A period's payslip lines for the group payroll system, as CSV or XLSX."""
    rows = await _lines(conn, period=period, enterprise_id=enterprise_id)
    table = [list(EXPORT_COLUMNS)] + [[_cell(r[k]) for k in EXPORT_COLUMNS] for r in rows]
    name = f"payslips-{period}.{format}"
    if format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        body, media = buffer.getvalue().encode("utf-8-sig"), "text/csv"
    else:
        book = Workbook()
        for row in table:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        body, media = out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def _lines(conn, **where: Any) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    query = select(payment_lines_view)
    for column, value in where.items():
        query = query.where(payment_lines_view.c[column] == str(value))
    query = query.order_by(payment_lines_view.c.period, payment_lines_view.c.tenure_id, payment_lines_view.c.line_id)
    return [jsonable(dict(r._mapping)) for r in (await conn.execute(query)).all()]


def _total(rows: list[dict[str, Any]]) -> str:
    return str(sum((Decimal(r["amount"]) for r in rows), Decimal("0.00")))


def _cell(value: Any) -> Any:
    """Text for the spreadsheet: amounts stay exact decimal strings, causes readable."""
    if isinstance(value, dict):
        return f"{value.get('type')}:{value.get('ref')}"
    return value
