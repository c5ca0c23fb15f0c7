"""How a tenure reads over HTTP: its agreement, letters with their KPI sheets, and every decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from services.contract_svc.api.schemas import PayPublic, Public
from services.contract_svc.domain.letter import PerformanceLetter
from services.contract_svc.domain.records import ExitProposal
from services.contract_svc.domain.tenure import Tenure
from shared.domain.kpi import Kpi


class SignaturePublic(Public):
    party: str
    signer_name: str
    signer_role: str
    signed_on: date


class ReviewPublic(Public):
    reviewer: str
    reference: str
    reviewed_on: date


class ApprovalPublic(Public):
    decision_ref: str
    approved_on: date


class AgreementPublic(BaseModel):
    duties: str
    rights_obligations: str
    pay: PayPublic
    exit_rules: str
    accountability: str
    pre_review: ReviewPublic | None
    approval: ApprovalPublic | None
    signatures: list[SignaturePublic]


class LetterVersionPublic(Public):
    number: int
    kpis: list[Kpi]  # the value object reads as it is kept
    reason: str | None
    issued_on: date | None
    policy_version: int
    signatures: list[SignaturePublic]
    status: str
    signed_on: date | None


class LetterPublic(Public):
    key: str
    kind: str
    year: int | None
    status: str
    versions: list[LetterVersionPublic]


class ExtensionPublic(Public):
    previous_end: date
    new_end: date
    decision_ref: str
    reason: str
    decided_on: date


class TerminationPublic(Public):
    reason: str | None
    mode: str
    decision_makers: list[str]
    decided_on: date
    effective_on: date
    decision_ref: str | None
    proposal_id: str | None


class RemovalByRulePublic(Public):
    """一重's automatic removal: the rule, the year appraised, the KPI figures below the floor, the allowance."""

    rule: str
    year: int
    figures: list[dict[str, Any]]
    policy_version: int
    living_allowance_monthly: Decimal | None


class ExitDecisionPublic(Public):
    proposal_id: str
    outcome: str  # exit, flexible_adjustment, declined; automatic_removal when the rule decided it (by_rule)
    reason: str | None
    decision_makers: list[str]
    decided_on: date
    decision_ref: str | None
    effective_on: date | None
    by_rule: RemovalByRulePublic | None = None


class TenureAppraisalPublic(Public):
    score: Decimal
    grade: str
    final_on: date
    reference: str | None
    correction_reason: str | None


class ExitProposalPublic(Public):
    proposal_id: str
    year: int
    basis: str
    triggers: list[dict[str, Any]]
    proposed_on: date


class TenurePublic(BaseModel):
    id: UUID
    manager_id: UUID
    enterprise_id: UUID
    position: str
    level: str
    status: str
    start: date
    end: date
    original_end: date
    term_number: int
    previous_tenure_id: UUID | None
    next_tenure_id: UUID | None
    probation_months: int | None
    policy_id: UUID
    policy_version: int
    agreement: AgreementPublic
    activated_on: date | None
    letters: list[LetterPublic]
    extensions: list[ExtensionPublic]
    ended_reason: str | None
    ended_on: date | None
    termination: TerminationPublic | None
    exit_proposals: list[ExitProposalPublic]
    exit_decisions: list[ExitDecisionPublic]
    tenure_appraisal: TenureAppraisalPublic | None
    expiry_warned_on: date | None = None  # the day `tenure.expiring` was recorded (GET /tenures/expiring)
    version: int

    @classmethod
    def of(cls, t: Tenure, letters: Sequence[PerformanceLetter], proposals: Sequence[ExitProposal]) -> TenurePublic:
        """The tenure, with its letters (streams of their own) and the exit proposals received for it."""
        terms = t.terms
        agreement = AgreementPublic(
            duties=terms.duties, rights_obligations=terms.rights_obligations,
            pay=PayPublic.model_validate(terms.pay), exit_rules=terms.exit_rules,
            accountability=terms.accountability,
            pre_review=ReviewPublic.model_validate(t.pre_review) if t.pre_review else None,
            approval=ApprovalPublic.model_validate(t.approval) if t.approval else None,
            signatures=[SignaturePublic.model_validate(s) for s in t.agreement_signatures],
        )
        return cls(
            id=t.id, manager_id=t.manager_id, enterprise_id=t.enterprise_id, position=t.position, level=t.level,
            status=t.status, start=t.start, end=t.end, original_end=t.original_end, term_number=t.term_number,
            previous_tenure_id=t.previous_tenure_id, next_tenure_id=t.next_tenure_id,
            probation_months=t.probation_months, policy_id=t.policy_id, policy_version=t.policy_version,
            agreement=agreement, activated_on=t.activated_on,
            letters=[LetterPublic.model_validate(letter) for letter in letters],
            extensions=[ExtensionPublic.model_validate(e) for e in t.extensions],
            ended_reason=t.ended_reason, ended_on=t.ended_on,
            termination=TerminationPublic.model_validate(t.termination) if t.termination else None,
            exit_proposals=[ExitProposalPublic.model_validate(p) for p in proposals],
            exit_decisions=[ExitDecisionPublic.model_validate(d) for d in t.exit_decisions.values()],
            tenure_appraisal=TenureAppraisalPublic.model_validate(t.tenure_appraisal) if t.tenure_appraisal else None,
            expiry_warned_on=t.expiry_warned_on, version=t.version,
        )


class TenureSummary(BaseModel):
    id: UUID
    manager_id: UUID
    enterprise_id: UUID
    status: str
    start_date: date
    end_date: date
    term_number: int
    previous_tenure_id: UUID | None
    signed_on: date | None
    ended_reason: str | None
    ended_on: date | None
