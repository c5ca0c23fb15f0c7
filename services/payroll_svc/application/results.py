"""Final appraisal results as payroll settles them: one member's annual result, the tenure appraisal's
result; each kept, so that a pay plan made later still settles what became final before it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.payroll_svc.adapters import queries
from services.payroll_svc.domain.account import PayAccount
from shared.domain.messages import AnnualResult, TenureAppraised, TenureResult
from shared.errors import NotFoundError
from shared.messages import NotReadyError, supersedes
from shared.unit_of_work import UnitOfWork


async def account_of(uow: UnitOfWork, tenure_id: UUID) -> PayAccount | None:
    try:
        return await uow.load(PayAccount, PayAccount.create_id(tenure_id))
    except NotFoundError:
        return None  # no pay plan: nothing to settle yet


async def settle_annual(uow: UnitOfWork, result: AnnualResult, ref: str) -> None:
    """A member's performance pay, on the payslip of the month their annual appraisal became final. A result
    that arrives after its own revision is stale and changes nothing."""
    if supersedes(await queries.remembered_ref(uow, result.tenure_id, result.year), ref):
        return
    account = await account_of(uow, result.tenure_id)
    if account is not None and result.year > account.end.year:
        raise NotReadyError(f"the {result.year} result of tenure {result.tenure_id} waits for the extension of "
                            f"its term past {account.end.isoformat()}")
    await queries.remember(uow, result.tenure_id, result.year, result.model_dump(mode="json"), ref)
    if account is not None:
        settle_year(account, result, ref)
        await uow.save(account, effective_date=result.final_on)


async def settle_tenure_appraisal(uow: UnitOfWork, appraised: TenureAppraised, ref: str) -> None:
    """The tenure incentive and released retention, with the coefficient the tenure appraisal sends, once every
    annual result it was computed from has been settled: the years may arrive after it (shared/delivery)."""
    known = await queries.known_results_of(uow, appraised.tenure_id)
    if missing := appraised.result.years_not_in({result.year: result.total for result, _ in known.annual}):
        raise NotReadyError(f"the tenure appraisal of tenure {appraised.tenure_id} waits for the final annual "
                            f"results of {', '.join(map(str, missing))}")
    kept = {**appraised.result.model_dump(mode="json"), "final_on": appraised.final_on.isoformat()}
    await queries.remember(uow, appraised.tenure_id, queries.TENURE, kept, ref)
    account = await account_of(uow, appraised.tenure_id)
    if account is not None:
        settle_tenure(account, appraised.result, appraised.final_on, ref)
        await uow.save(account, effective_date=appraised.final_on)


def settle_known(account: PayAccount, known: queries.KnownResults) -> None:
    """Settle what became final before the plan existed: the years in order, then the tenure."""
    for result, ref in known.annual:
        settle_year(account, result, ref)
    if known.tenure is not None:
        settle_tenure(account, *known.tenure)


def settle_year(account: PayAccount, result: AnnualResult, ref: str) -> None:
    account.settle_year(result.year, result.total, result.grade, ref, result.final_on, result.policy_version,
                        result.parameters)


def settle_tenure(account: PayAccount, result: TenureResult, final_on: date, ref: str) -> None:
    account.settle_tenure(result, ref, final_on)
