"""Pay plans, monthly base runs, periods, clawbacks; payslips, yearly statements and exports.

Who may: the payroll officer runs pay and claws it back; pay figures are read by the payroll officer, the
enterprise's HR, auditors and the manager themself, each read written to the access log. A tenure or an
enterprise outside the caller's grants answers exactly as one that does not exist (404).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status

from services.payroll_svc.adapters.queries import accounts_query, managers_of, payment_lines
from services.payroll_svc.adapters.read_models import accounts_view
from services.payroll_svc.api import exports
from services.payroll_svc.api.reach import enterprise_in_reach, tenure_in_reach
from services.payroll_svc.api.schemas import (
    AccountPublic,
    AccountSummary,
    BaseRunPublic,
    PayslipPublic,
    PeriodClosedPublic,
    RunLinePublic,
    StatementPublic,
)
from services.payroll_svc.application import commands as c
from services.payroll_svc.application import pay as handlers
from services.payroll_svc.application import plans
from services.payroll_svc.domain.account import PayAccount
from shared.api.access_log import log_access
from shared.api.deps import IfMatchDep, ReadDep, ReadUowDep, UowDep
from shared.api.pagination import Page, PageDep, fetch_page
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import enterprise_at, tenure_at
from shared.errors import TenureSystemError
from shared.messages import jsonable

router = APIRouter(tags=["pay"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
PeriodQuery = Annotated[str, Query(pattern=c.PERIOD, examples=["2023-01"])]
READ_PAY = allow("pay.read", tenure_at(), what="tenure", logged=True)


def answer(response: Response, account: PayAccount) -> AccountPublic:
    with_version(response, account.version)
    return AccountPublic.of(account)


@router.post("/pay-plans", status_code=CREATED, response_model=AccountPublic, dependencies=[allow("pay.run")])
async def plan_pay(cmd: c.PlanPay, uow: UowDep, access: AccessDep, response: Response) -> AccountPublic:
    """A tenure's annual base and target performance salary; refused below the level's minimum performance share."""
    await tenure_in_reach(access, cmd.tenure_id)
    return answer(response, await plans.plan_pay(uow, cmd))


@router.post("/pay-plans/batch", status_code=CREATED, response_model=list[AccountPublic],
             dependencies=[allow("pay.run")])
async def plan_pays(cmd: c.PlanPays, uow: UowDep, access: AccessDep) -> list[AccountPublic]:
    """The pay plans of many tenures (an onboarded roster) at once, each as `POST /pay-plans` takes it, all or
    none; the first refusal names its item."""
    await access.directory.prefetch(access.directory.tenures, [str(item.tenure_id) for item in cmd.items])
    for index, item in enumerate(cmd.items):
        try:
            await tenure_in_reach(access, item.tenure_id)
        except TenureSystemError as error:
            raise error.within(f"items.{index}", f"item {index}") from None
    return [AccountPublic.of(account) for account in await plans.plan_pays(uow, cmd)]


@router.post("/base-runs", status_code=CREATED, response_model=BaseRunPublic, dependencies=[allow("pay.run")])
async def run_base(cmd: c.RunBase, uow: UowDep, access: AccessDep) -> BaseRunPublic:
    """The month's base for every planned tenure of the enterprise; a period run again pays nothing more."""
    await enterprise_in_reach(access, cmd.enterprise_id)
    lines = await handlers.run_base(uow, cmd)
    return BaseRunPublic(enterprise_id=cmd.enterprise_id, period=cmd.period, lines=[RunLinePublic.of(p) for p in lines])


@router.post("/periods/closing", status_code=CREATED, response_model=PeriodClosedPublic,
             dependencies=[allow("pay.run")])
async def close_period(cmd: c.ClosePeriod, uow: UowDep, access: AccessDep) -> PeriodClosedPublic:
    """Close the period's payslips: later changes go on the next open period, never into a closed payslip."""
    await enterprise_in_reach(access, cmd.enterprise_id)
    return PeriodClosedPublic(period=cmd.period, accounts=await handlers.close_period(uow, cmd))


@router.post("/clawbacks", status_code=CREATED, response_model=AccountPublic, dependencies=[allow("pay.clawback")])
async def claw_back(cmd: c.ClawBack, uow: UowDep, access: AccessDep, version: IfMatchDep,
                    response: Response) -> AccountPublic:
    """A recorded decision (reason, amount, period) recovering pay already paid; `If-Match` names the account
    version decided on."""
    await tenure_in_reach(access, cmd.tenure_id)
    return answer(response, await handlers.claw_back(uow, cmd, version))


@router.get("/accounts", response_model=Page[AccountSummary], dependencies=[allow("pay.read")])
async def list_accounts(request: Request, conn: ReadDep, access: AccessDep, paging: PageDep,
                        enterprise_id: Annotated[UUID | None, Query()] = None,
                        manager_id: Annotated[UUID | None, Query()] = None) -> Page[AccountSummary]:
    """The pay accounts your grants reach (a manager: their own), by enterprise and tenure; each manager on the
    page is a read in the access log."""
    visible = await access.where(accounts_view.c.enterprise_id, accounts_view.c.manager_id)
    rows, total = await fetch_page(conn, accounts_query(visible, enterprise_id, manager_id), paging)
    for manager in sorted({str(r.manager_id) for r in rows}):
        await log_access(request, access, manager)
    items = [AccountSummary.model_validate(r) for r in rows]
    return Page(items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get("/accounts/{tenure_id}", response_model=AccountPublic, dependencies=[READ_PAY])
async def account(tenure_id: UUID, uow: ReadUowDep, response: Response) -> AccountPublic:
    """A tenure's plan, every payment line with its cause and policy version, and its settlements."""
    return answer(response, await uow.load(PayAccount, PayAccount.create_id(tenure_id)))


@router.get("/payslips", response_model=PayslipPublic, dependencies=[READ_PAY])
async def payslip(conn: ReadDep, tenure_id: Annotated[UUID, Query()], period: PeriodQuery) -> PayslipPublic:
    """A tenure's payslip for one period: its lines, their total, and what is still owed after it."""
    return PayslipPublic.of(tenure_id, period, await payment_lines(conn, tenure_id=tenure_id))


@router.get("/statements", response_model=StatementPublic, dependencies=[READ_PAY])
async def statement(conn: ReadDep, tenure_id: Annotated[UUID, Query()],
                    year: Annotated[int, Query(ge=1000, le=9999)]) -> StatementPublic:
    """A manager's yearly statement: every line paid in the year's periods, by kind, and what is owed after it."""
    return StatementPublic.of(tenure_id, year, await payment_lines(conn, tenure_id=tenure_id))


@router.get("/payslips/export", dependencies=[allow("pay.export", enterprise_at(), what="enterprise")])
async def export(request: Request, conn: ReadDep, access: AccessDep, enterprise_id: Annotated[UUID, Query()],
                 period: PeriodQuery, format: Annotated[c.ExportFormat, Query()] = "csv") -> Response:
    """A period's payslip lines for the group payroll system, as CSV or XLSX; text that could run as a
    spreadsheet formula is written as text. Each manager in the file is a read in the access log."""
    rows = await payment_lines(conn, period=period, enterprise_id=enterprise_id)
    for manager_id in await managers_of(conn, {r["tenure_id"] for r in rows}):
        await log_access(request, access, manager_id)
    cells = exports.table([jsonable(r) for r in rows])  # amounts as exact decimal strings
    body, media = (exports.as_csv(cells), "text/csv") if format == "csv" else (exports.as_xlsx(cells), exports.XLSX)
    name = f"payslips-{period}.{format}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
