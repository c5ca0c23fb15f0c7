"""Handlers for tenures: the agreement's lifecycle, letters, extension, renewal, expiry and exit."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import ColumnElement, select

from services.contract_svc.adapters.read_models import tenures_view
from services.contract_svc.application import commands as c
from services.contract_svc.application.handlers import applicable_policy, existing
from services.contract_svc.application.signers import check_enterprise_signer, check_manager_signer, signer_name
from services.contract_svc.domain.enterprise import Enterprise
from services.contract_svc.domain.manager import Manager
from shared.domain.parameters import PolicyParameters
from services.contract_svc.domain.policy import Policy
from services.contract_svc.domain.tenure import Tenure
from shared.auth.scope import Access
from shared.errors import ForbiddenError, RuleViolationError
from shared.unit_of_work import UnitOfWork


async def open_tenure(uow: UnitOfWork, cmd: c.OpenTenure) -> Tenure:
    manager = await existing(uow, Manager, cmd.manager_id, "manager_id")
    enterprise = await uow.load(Enterprise, manager.enterprise_id)
    policy, number = await applicable_policy(uow, enterprise, cmd.start)
    opening = dict(
        manager_id=manager.id, enterprise_id=enterprise.id, position=manager.position, level=manager.level,
        policy_id=policy.id, policy_version=number, params=policy.parameters_of(number),
        start=cmd.start, end=cmd.end, agreement=cmd.agreement.raw(), probation_months=cmd.probation_months,
        limit_decision_ref=cmd.limit_decision_ref, limit_reason=cmd.limit_reason,
    )
    Tenure.open(**opening)  # the request's own faults first, then how it fits the manager's other tenures
    term_number, previous_id = await _place_in_career(uow, manager.id, cmd.start, cmd.end)
    tenure = Tenure.open(**opening, term_number=term_number, previous_tenure_id=previous_id)
    await uow.save(tenure, effective_date=cmd.start)
    return tenure


async def _place_in_career(uow: UnitOfWork, manager_id: UUID, start: date, end: date) -> tuple[int, UUID | None]:
    """A manager holds one tenure at a time; one that begins the day after another ended continues
    its count of consecutive terms (so the maximum cannot be dodged by letting a term lapse)."""
    await uow.begin()
    assert uow.conn is not None
    rows = (await uow.conn.execute(select(tenures_view).where(tenures_view.c.manager_id == str(manager_id)))).all()
    for row in rows:
        until = row.ended_on or row.end_date
        if row.start_date <= end and start <= until:
            raise RuleViolationError(
                f"the manager's tenure {row.id} runs {row.start_date}..{until}; a manager holds one tenure at a time",
                field="start",
                rule="one_tenure_at_a_time",
            )
        if until == start - timedelta(days=1) and row.status != "ended":
            raise RuleViolationError(
                f"the manager's tenure {row.id} ends the day before; renew it (POST /tenures/{row.id}/renewal)",
                field="start",
                rule="renew_instead",
            )
        if until == start - timedelta(days=1) and row.ended_reason in ("expired", "renewed"):
            return row.term_number + 1, UUID(row.id)
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


async def issue_letter(uow: UnitOfWork, tenure_id: UUID, cmd: c.IssueLetter, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    number, params = await _policy_on(uow, tenure, cmd.issued_on or tenure.start)
    tenure.issue_letter(cmd.kind, cmd.year, [k.raw() for k in cmd.kpis], params, cmd.issued_on, number)
    await uow.save(tenure, effective_date=cmd.issued_on)
    return tenure


async def sign_letter(
    uow: UnitOfWork, tenure_id: UUID, key: str, cmd: c.Sign, version: int | None, signer: Access
) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    tenure.letter(key)
    name = await check_signer(uow, tenure, cmd, signer)
    tenure.sign_letter(key, name, cmd.signer_role, cmd.party, cmd.signed_on)
    await uow.save(tenure, effective_date=cmd.signed_on)
    return tenure


async def revise_letter(uow: UnitOfWork, tenure_id: UUID, key: str, cmd: c.ReviseLetter, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    number, params = await _policy_on(uow, tenure, cmd.revised_on or tenure.start)
    tenure.revise_letter(key, [k.raw() for k in cmd.kpis], cmd.reason, params, cmd.revised_on, number)
    await uow.save(tenure, effective_date=cmd.revised_on)
    return tenure


async def extend_tenure(uow: UnitOfWork, tenure_id: UUID, cmd: c.ExtendTenure, version: int | None) -> Tenure:
    tenure = await uow.load(Tenure, tenure_id, expected_version=version)
    _, params = await _policy_on(uow, tenure, cmd.decided_on)
    tenure.extend(cmd.new_end, cmd.decision_ref, cmd.reason, cmd.decided_on, params)
    await uow.save(tenure, effective_date=cmd.decided_on)
    return tenure


async def close_expired(
    uow: UnitOfWork, cmd: c.CloseExpiredTenures, within: ColumnElement[bool] | None = None
) -> list[Tenure]:
    """End every active tenure that ran out before `as_of` without renewal (自然免职), of the tenures `within`
    (a filter of tenures_view: those the caller may close) when given."""
    await uow.begin()
    assert uow.conn is not None
    query = select(tenures_view.c.id).where(tenures_view.c.status == "active", tenures_view.c.end_date < cmd.as_of)
    if within is not None:
        query = query.where(within)
    if cmd.enterprise_id:
        query = query.where(tenures_view.c.enterprise_id == str(cmd.enterprise_id))
    closed = []
    for tenure_id in (await uow.conn.execute(query.order_by(tenures_view.c.end_date))).scalars().all():
        tenure = await uow.load(Tenure, UUID(tenure_id))
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
    tenure.decide_exit_proposal(
        cmd.proposal_id, cmd.outcome, cmd.reason, cmd.decision_makers, cmd.decided_on, cmd.decision_ref
    )
    await uow.save(tenure, effective_date=cmd.decided_on)
    return tenure


async def check_signer(uow: UnitOfWork, tenure: Tenure, cmd: c.Sign, signer: Access) -> str:
    """The name signed under, the caller's own, once the caller may sign for their party (signers.py); then, as
    before, the enterprise's recorded authorisation (002 §四(一)4) or the manager's own name."""
    enterprise = await uow.load(Enterprise, tenure.enterprise_id)
    if cmd.party == "enterprise":
        name = signer_name(signer, cmd.signer_name)
        check_enterprise_signer(signer, enterprise.code, cmd.signer_role)
        enterprise.check_signing_authority(name, cmd.signer_role, tenure.position)
        return name
    manager = await uow.load(Manager, tenure.manager_id)
    check_manager_signer(signer, enterprise.code, manager.code)
    name = signer_name(signer, cmd.signer_name)
    if name != manager.name:
        raise ForbiddenError(
            f"the manager's side is signed by {manager.name} in person, not by {name}",
            field="signer_name",
            rule="manager_signs_in_person",
        )
    return name


async def _policy_on(uow: UnitOfWork, tenure: Tenure, on: date) -> tuple[int, PolicyParameters]:
    """The tenure's policy as in force on `on`; before the tenure starts, as on its first day."""
    policy = await uow.load(Policy, tenure.policy_id)
    return policy.version_as_of(max(on, tenure.start))
