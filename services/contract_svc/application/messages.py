"""What the contract side learns from the appraisal service: exit proposals and tenure appraisals."""

from __future__ import annotations

from services.contract_svc.adapters import exit_proposals
from services.contract_svc.application.handlers import policy_on
from services.contract_svc.domain.records import ExitProposal
from services.contract_svc.domain.tenure import Tenure
from shared.domain.messages import ExitProposed, TenureAppraisalRevised, TenureAppraised
from shared.messages import Message
from shared.unit_of_work import UnitOfWork


async def exit_proposed(uow: UnitOfWork, message: Message) -> None:
    """An exit proposal waits for a decision on its tenure (party committee, board, union), but an automatic
    removal, which its rule decides at once; the proposal stays the appraisal side's: the contract side keeps
    what it learned of it, and the tenure records only decisions."""
    p = ExitProposed.of(message)
    triggers = tuple(t.model_dump(mode="json") for t in p.triggers)
    proposal = ExitProposal(message.stream_id, p.tenure_id, p.year, p.basis, triggers, p.proposed_on)
    tenure = await uow.load(Tenure, p.tenure_id)  # a proposal for a tenure this service does not hold is refused
    await exit_proposals.learn(uow, proposal)
    await removed_by_rule(uow, tenure, proposal)


async def removed_by_rule(uow: UnitOfWork, tenure: Tenure, proposal: ExitProposal) -> None:
    """一重's automatic removal takes effect by rule as it is learned: the tenure records the decision itself,
    under the policy version in force on the day the appraisal became final (DOMAIN.md "Warnings and exit")."""
    if proposal.removal is None:
        return
    number, params = await policy_on(uow, tenure, proposal.proposed_on)
    if tenure.remove_by_rule(proposal, number, params):
        await uow.save(tenure, effective_date=proposal.proposed_on)


async def tenure_appraised(uow: UnitOfWork, message: Message) -> None:
    p = TenureAppraised.of(message)
    tenure = await uow.load(Tenure, p.tenure_id)
    if tenure.tenure_appraisal is None:
        tenure.record_tenure_appraisal(p.result.score, p.result.grade, p.final_on, reference=message.message_id)
        await uow.save(tenure, effective_date=p.final_on)


async def tenure_appraisal_revised(uow: UnitOfWork, message: Message) -> None:
    """The tenure appraised again after a year's revision: kept as a correction of the one recorded, saying why."""
    p = TenureAppraisalRevised.of(message)
    tenure = await uow.load(Tenure, p.tenure_id)
    tenure.record_tenure_appraisal(p.result.score, p.result.grade, p.final_on, reference=message.message_id,
                                   correction_reason=p.reason)
    await uow.save(tenure, effective_date=p.final_on)


MESSAGE_HANDLERS = {"ExitProposal.Proposed": exit_proposed, "TenureAppraisal.Recorded": tenure_appraised,
                    "TenureAppraisal.Revised": tenure_appraisal_revised}
