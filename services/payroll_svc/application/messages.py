"""What payroll learns from the other services: contract facts (tenures, exits, policies) and final appraisals.
An annual result comes one member at a time (`MemberAppraisal.Finalised`) or, as recorded before members had
streams of their own, a whole group at once (`AnnualAppraisal.Finalised`): both settle one result at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from uuid import UUID

from services.payroll_svc.application.results import account_of, settle_annual, settle_tenure_appraisal
from shared.domain.messages import (
    AnnualResult,
    ExitProposalDecided,
    GroupFinalised,
    RemovalByRule,
    TenureActivated,
    TenureAppraised,
    TenureTerminated,
    TermExtended,
)
from shared.knowledge.learning import MESSAGE_HANDLERS as LEARNING
from shared.messages import Message
from shared.unit_of_work import UnitOfWork

Handler = Callable[[UnitOfWork, Message], Awaitable[None]]


async def member_appraisal_final(uow: UnitOfWork, message: Message) -> None:
    await settle_annual(uow, AnnualResult.of(message), message.message_id)


async def group_appraisal_final(uow: UnitOfWork, message: Message) -> None:
    """The legacy form: every member's result in `finals`. A group's message without them names none: since
    members have streams of their own, their results come one by one."""
    if "finals" not in message.payload:
        return
    for result in GroupFinalised.of(message).results():
        await settle_annual(uow, result, message.message_id)


async def tenure_appraisal_recorded(uow: UnitOfWork, message: Message) -> None:
    await settle_tenure_appraisal(uow, TenureAppraised.of(message), message.message_id)


async def tenure_terminated(uow: UnitOfWork, message: Message) -> None:
    """A removal (rigid exit) is for cause: the tenure's pay ends on the effective day."""
    ended = TenureTerminated.of(message)
    await _exit(uow, message, ended.effective_on, ended.for_cause)


async def exit_proposal_decided(uow: UnitOfWork, message: Message) -> None:
    """An exit decided on a proposal, or an automatic removal that its rule decided (`by_rule`)."""
    decided = ExitProposalDecided.of(message)
    if decided.ends_tenure:
        await _exit(uow, message, decided.effective, decided.for_cause, decided.by_rule)


async def _exit(uow: UnitOfWork, message: Message, on: date, for_cause: bool, by_rule: RemovalByRule | None = None
                ) -> None:
    account = await account_of(uow, UUID(message.stream_id))
    if account is not None:
        account.record_exit(on, "terminated", for_cause, message.message_id, by_rule)
        await uow.save(account, effective_date=on)


async def tenure_activated(uow: UnitOfWork, message: Message) -> None:
    account = await account_of(uow, UUID(message.stream_id))
    if account is not None:
        account.take_effect(TenureActivated.of(message).on)
        await uow.save(account)


async def term_extended(uow: UnitOfWork, message: Message) -> None:
    account = await account_of(uow, UUID(message.stream_id))
    if account is not None:
        account.extend_to(TermExtended.of(message).new_end, message.message_id)
        await uow.save(account)


def learned_then(kind: str, apply: Handler) -> Handler:
    """What the contract side told is learned first (shared knowledge), then applied to the tenure's pay."""

    async def handle(uow: UnitOfWork, message: Message) -> None:
        await LEARNING[kind](uow, message)
        await apply(uow, message)

    return handle


MESSAGE_HANDLERS: dict[str, Handler] = {
    **LEARNING,
    "Tenure.Activated": learned_then("Tenure.Activated", tenure_activated),
    "Tenure.TermExtended": learned_then("Tenure.TermExtended", term_extended),
    "Tenure.Terminated": learned_then("Tenure.Terminated", tenure_terminated),
    "Tenure.ExitProposalDecided": learned_then("Tenure.ExitProposalDecided", exit_proposal_decided),
    "MemberAppraisal.Finalised": member_appraisal_final,
    "AnnualAppraisal.Finalised": group_appraisal_final,
    "TenureAppraisal.Recorded": tenure_appraisal_recorded,
    "TenureAppraisal.Revised": tenure_appraisal_recorded,  # read alike: the revised result corrects what was paid
}
