"""What payroll learns from the other services: contract facts (tenures, exits, policies) and final appraisals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.payroll_svc.application.results import TENURE, remember, settle_tenure, settle_year
from services.payroll_svc.domain.account import PayAccount
from shared.errors import NotFoundError
from shared.knowledge.learning import MESSAGE_HANDLERS as LEARNING
from shared.messages import Message
from shared.unit_of_work import UnitOfWork


async def _account(uow: UnitOfWork, tenure_id: str) -> PayAccount | None:
    try:
        return await uow.load(PayAccount, PayAccount.create_id(UUID(tenure_id)))
    except NotFoundError:
        return None  # no pay plan: nothing to settle


async def annual_appraisal_final(uow: UnitOfWork, message: Message) -> None:
    """Performance pay of each member, on the payslip of the month the appraisal became final."""
    p = message.payload
    for tenure_id, result in p["finals"].items():
        final = {**result, "year": p["year"], "final_on": p["on"]}
        await remember(uow, tenure_id, p["year"], final, message.message_id)
        account = await _account(uow, tenure_id)
        if account is not None:
            settle_year(account, final, message.message_id)
            await uow.save(account, effective_date=date.fromisoformat(p["on"]))


async def tenure_appraisal_recorded(uow: UnitOfWork, message: Message) -> None:
    p = message.payload
    final = {**p["result"], "final_on": p["final_on"]}
    await remember(uow, p["tenure_id"], TENURE, final, message.message_id)
    account = await _account(uow, p["tenure_id"])
    if account is not None:
        settle_tenure(account, final, message.message_id)
        await uow.save(account, effective_date=date.fromisoformat(p["final_on"]))


def exit_of(kind: str):  # type: ignore[no-untyped-def]
    """A tenure's early end, learned and applied to its pay: removal (rigid exit) is for cause."""

    async def handle(uow: UnitOfWork, message: Message) -> None:
        await LEARNING[kind](uow, message)
        p = message.payload
        if kind == "Tenure.Terminated":
            on, for_cause = p["effective_on"], p["mode"] == "rigid_exit"
        elif p.get("ends_tenure"):
            on, for_cause = p["decided_on"], p["outcome"] == "exit"
        else:
            return
        account = await _account(uow, message.stream_id)
        if account is not None:
            account.record_exit(date.fromisoformat(on), "terminated", for_cause, message.message_id)
            await uow.save(account, effective_date=date.fromisoformat(on))

    return handle


def tenure_change(kind: str):  # type: ignore[no-untyped-def]
    """Activation and extension change what the account pays; learned and applied together."""

    async def handle(uow: UnitOfWork, message: Message) -> None:
        await LEARNING[kind](uow, message)
        account = await _account(uow, message.stream_id)
        if account is None:
            return
        if kind == "Tenure.Activated":
            account.take_effect(date.fromisoformat(message.payload["on"]))
        else:
            account.extend_to(date.fromisoformat(message.payload["new_end"]), message.message_id)
        await uow.save(account)

    return handle


MESSAGE_HANDLERS = {
    **LEARNING,
    "Tenure.Activated": tenure_change("Tenure.Activated"),
    "Tenure.TermExtended": tenure_change("Tenure.TermExtended"),
    "Tenure.Terminated": exit_of("Tenure.Terminated"),
    "Tenure.ExitProposalDecided": exit_of("Tenure.ExitProposalDecided"),
    "AnnualAppraisal.Finalised": annual_appraisal_final,
    "TenureAppraisal.Recorded": tenure_appraisal_recorded,
}
