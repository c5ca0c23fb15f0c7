"""What the appraisal service learns from others: the contract side's facts (enterprises, managers, policies,
tenures, letters and their signatures, exit decisions), kept in shared/knowledge's tables and read when a
group is opened and figures are checked; and the decision on each exit proposal it raised, which closes it."""

from __future__ import annotations

from uuid import UUID

from services.appraisal_svc.domain.outcomes import ExitProposal
from shared.domain.messages import ExitProposalDecided
from shared.errors import NotFoundError
from shared.knowledge.learning import MESSAGE_HANDLERS as LEARNING
from shared.messages import Message
from shared.unit_of_work import UnitOfWork

LEARN_DECISION = LEARNING["Tenure.ExitProposalDecided"]


async def exit_proposal_decided(uow: UnitOfWork, message: Message) -> None:
    """The tenure's end as learned, and the proposal it decides closed by that decision (DOMAIN.md "Warnings
    and exit"); a decision on a proposal this service never raised closes nothing here."""
    await LEARN_DECISION(uow, message)
    p = ExitProposalDecided.of(message)
    proposal = await _raised_here(uow, p.proposal_id)
    if proposal is not None:
        proposal.record_decision(p.outcome, p.reason, p.decided_on, mode=p.mode, decision_makers=p.decision_makers,
                                 decision_ref=p.decision_ref, effective_on=p.effective)
        await uow.save(proposal, effective_date=p.decided_on)


async def _raised_here(uow: UnitOfWork, proposal_id: str | None) -> ExitProposal | None:
    try:
        return await uow.load(ExitProposal, UUID(proposal_id or ""))
    except (ValueError, NotFoundError):
        return None


MESSAGE_HANDLERS = {**LEARNING, "Tenure.ExitProposalDecided": exit_proposal_decided}
