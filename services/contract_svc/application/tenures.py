"""Handlers for tenures: the agreement's lifecycle, extension, renewal, expiry and exit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement

from services.contract_svc.adapters import exit_proposals
from services.contract_svc.adapters.queries import expired_tenure_ids, tenures_of_manager
from services.contract_svc.application import commands as c
from services.contract_svc.application.handlers import applicable_policy, existing, policy_on
from services.contract_svc.application.signers import check_signer
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.auth.scope import Access
from shared.errors import RuleViolationError
from shared.unit_of_work import UnitOfWork


async def open_tenure(uow: UnitOfWork, cmd: c.OpenTenure) -> Tenure:
    manager = await existing(uow, Manager, cmd.manager_id, "manager_id")
    enterprise = await uow.load(Enterprise, manager.enterprise_id)
    policy, number = await applicable_policy(uow, enterprise, cmd.start)
    opening = opening_of(manager, policy, number, cmd)
    Tenure.open(**opening)  # the request's own faults first, then how it fits the manager's other tenures
    term_number, previous_id = await _place_in_career(uow, manager.id, cmd.start, cmd.end)
    tenure = Tenure.open(**opening, term_number=term_number, previous_tenure_id=previous_id)
    await uow.save(tenure, effective_date=cmd.start)
    return tenure


def opening_of(manager: Manager, policy: Policy, number: int, terms: c.TenureTerms) -> dict[str, Any]:
    """What `Tenure.open` takes for `manager`'s tenure on `terms` under version `number` of `policy`."""
    return dict(
        manager_id=manager.id, enterprise_id=manager.enterprise_id, position=manager.position, level=manager.level,
        policy_id=policy.id, policy_version=number, params=policy.parameters_of(number),
        start=terms.start, end=terms.end, agreement=terms.agreement.raw(), probation_months=terms.probation_months,
        limit_decision_ref=terms.limit_decision_ref, limit_reason=terms.limit_reason,
    )


async def _place_in_career(uow: UnitOfWork, manager_id: UUID, start: date, end: date) -> tuple[int, UUID | None]:
    """A manager holds one tenure at a time; one that begins the day after another ended continues
    its count of consecutive terms (so the maximum cannot be dodged by letting a term lapse)."""
    for held in await tenures_of_manager(uow, manager_id):
        if held.start <= end and start <= held.until:
            raise RuleViolationError(
                f"the manager's tenure {held.id} runs {held.start}..{held.until}; a manager holds one tenure at a time",
                field="start",
                rule="one_tenure_at_a_time",
            )
        if held.until == start - timedelta(days=1) and held.status != "ended":
            raise RuleViolationError(
                f"the manager's tenure {held.id} ends the day before; renew it (POST /tenures/{held.id}/renewal)",
                field="start",
                rule="renew_instead",
            )
        if held.until == start - timedelta(days=1) and held.ended_reason in ("expired", "renewed"):
            return held.term_number + 1, held.id
    return 1, None


async def renew_tenure(uow: UnitOfWork, tenure_id: UUID, cmd: c.RenewTenure, version: int | None) -> Tenure:
    previous = await uow.load(Tenure, tenure_id, expected_version=version)
    enterprise = await uow.load(Enterprise, previous.enterprise_id)
    policy, number = await applicable_policy(uow, enterprise, cmd.start)
    renewal = Tenure.renew(
        previous, policy_id=policy.id, policy_version=number, params=policy.parameters_of(number),
        start=cmd.start, end=cmd.end, agreement=cmd.agreement.raw(), position=cmd.position, level=cmd.level,
        probation_months=cmd.probation_months, limit_decision_ref=cmd.limit_decision_ref,
        limit_reason=cmd.limit_reason,
    )
    await uow.save(previous, renewal, effective_date=cmd.start)
    return renewal


async def review_agreement(uow: UnitOfWork, tenure_id: UUID, cmd: c.ReviewAgreement, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    tenure.review(cmd.reviewer, cmd.reference, cmd.reviewed_on)
    await uow.save(tenure, effective_date=cmd.reviewed_on)
    return tenure


async def approve_agreement(uow: UnitOfWork, tenure_id: UUID, cmd: c.ApproveAgreement, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    tenure.approve(cmd.decision_ref, cmd.approved_on)
    await uow.save(tenure, effective_date=cmd.approved_on)
    return tenure


async def sign_agreement(
    uow: UnitOfWork, tenure_id: UUID, cmd: c.Sign, version: int | None, signer: Access
) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    name = await check_signer(uow, tenure, cmd, signer)
    tenure.sign(name, cmd.signer_role, cmd.party, cmd.signed_on)
    await uow.save(tenure, effective_date=cmd.signed_on)
    return tenure


async def activate_tenure(uow: UnitOfWork, tenure_id: UUID, cmd: c.ActivateTenure, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    tenure.activate(cmd.on)
    await uow.save(tenure, effective_date=cmd.on)
    return tenure


async def extend_tenure(uow: UnitOfWork, tenure_id: UUID, cmd: c.ExtendTenure, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    _, params = await policy_on(uow, tenure, cmd.decided_on)
    tenure.extend(cmd.new_end, cmd.decision_ref, cmd.reason, cmd.decided_on, params)
    await uow.save(tenure, effective_date=cmd.decided_on)
    return tenure


async def close_expired(
    uow: UnitOfWork, cmd: c.CloseExpiredTenures, within: ColumnElement[bool] | None = None
) -> list[Tenure]:
    """End every active tenure that ran out before `as_of` without renewal (自然免职), of the tenures `within`
    (a filter of tenures_view: those the caller may close) when given."""
    closed = []
    for tenure_id in await expired_tenure_ids(uow, cmd.as_of, cmd.enterprise_id, within):
        tenure = await uow.load(Tenure, tenure_id)
        if tenure.close_if_expired(cmd.as_of):
            await uow.save(tenure, effective_date=tenure.ended_on)
            closed.append(tenure)
    return closed


async def terminate_tenure(uow: UnitOfWork, tenure_id: UUID, cmd: c.TerminateTenure, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    tenure.terminate(cmd.reason, cmd.mode, cmd.decision_makers, cmd.decided_on, cmd.effective_on, cmd.decision_ref)
    await uow.save(tenure, effective_date=cmd.effective_on)
    return tenure


async def decide_exit_proposal(
    uow: UnitOfWork, tenure_id: UUID, cmd: c.DecideExitProposal, version: int | None
) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    proposal = await exit_proposals.received_by(uow, cmd.proposal_id)
    tenure.decide_exit_proposal(
        cmd.proposal_id, proposal, cmd.outcome, cmd.reason, cmd.decision_makers, cmd.decided_on, cmd.decision_ref,
        cmd.effective_on, cmd.for_cause,
    )
    await uow.save(tenure, effective_date=cmd.decided_on)
    return tenure
