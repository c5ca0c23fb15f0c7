"""Final appraisal results as payroll settles them, kept so that a pay plan made later still settles them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select

from services.payroll_svc.adapters.read_models import known_results
from services.payroll_svc.domain.account import PayAccount
from shared.unit_of_work import UnitOfWork

TENURE = 0  # the year under which the tenure appraisal's result is kept


async def remember(uow: UnitOfWork, tenure_id: str, year: int, result: dict[str, Any], ref: str) -> None:
    await uow.begin()
    assert uow.conn is not None
    key = (known_results.c.tenure_id == tenure_id) & (known_results.c.year == year)
    await uow.conn.execute(delete(known_results).where(key))
    await uow.conn.execute(insert(known_results).values(tenure_id=tenure_id, year=year, result=result, ref=ref))


async def settle_known(uow: UnitOfWork, account: PayAccount) -> None:
    """Settle what became final before the plan existed: the years in order, then the tenure."""
    assert uow.conn is not None
    rows = (await uow.conn.execute(select(known_results).where(known_results.c.tenure_id == str(account.tenure_id))
                                   .order_by(known_results.c.year))).all()
    for row in [r for r in rows if r.year != TENURE] + [r for r in rows if r.year == TENURE]:
        (settle_tenure if row.year == TENURE else settle_year)(account, row.result, row.ref)


def settle_year(account: PayAccount, final: dict[str, Any], ref: str) -> None:
    account.settle_year(int(final["year"]), Decimal(final["total"]), final["grade"], ref,
                        date.fromisoformat(final["final_on"]), final.get("policy_version"), final.get("parameters"))


def settle_tenure(account: PayAccount, final: dict[str, Any], ref: str) -> None:
    scores = {int(year): Decimal(total) for year, total in final["annual_totals"].items()}
    account.settle_tenure(scores, final["grade"], ref, date.fromisoformat(final["final_on"]))
