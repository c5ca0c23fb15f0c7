"""What the contract side learns from the appraisal service: exit proposals and tenure appraisals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from services.contract_svc.domain.tenure import Tenure
from shared.messages import Message
from shared.unit_of_work import UnitOfWork


async def exit_proposed(uow: UnitOfWork, message: Message) -> None:
    """An exit proposal waits on its tenure for a decision (party committee, board, union)."""
    p = message.payload
    tenure = await uow.load(Tenure, UUID(p["tenure_id"]))
    tenure.receive_exit_proposal(message.stream_id, p["year"], p["basis"], p["triggers"], date.fromisoformat(p["proposed_on"]))
    await uow.save(tenure, effective_date=date.fromisoformat(p["proposed_on"]))


async def tenure_appraised(uow: UnitOfWork, message: Message) -> None:
    p = message.payload
    tenure = await uow.load(Tenure, UUID(p["tenure_id"]))
    result, final_on = p["result"], date.fromisoformat(p["final_on"])
    if tenure.tenure_appraisal is None:
        tenure.record_tenure_appraisal(result["score"], result["grade"], final_on, reference=message.message_id)
        await uow.save(tenure, effective_date=final_on)


MESSAGE_HANDLERS = {"ExitProposal.Proposed": exit_proposed, "TenureAppraisal.Recorded": tenure_appraised}
