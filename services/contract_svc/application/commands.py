"""What callers ask the contract service to do. Each command doubles as its request body."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.domain.kpi import KpiInput
from shared.inputs import NAME_LENGTH, REASON_LENGTH, REFERENCE_LENGTH, Money, SafeInput


class Command(SafeInput):
    """Unknown fields refused, immutable, text without NUL or bidi overrides and bounded (shared/inputs.py)."""


class RegisterEnterprise(Command):
    code: str = Field(min_length=1, max_length=50, examples=["E1"])
    name_zh: str = Field(min_length=1, max_length=200, examples=["成渝科技有限公司"])
    name_en: str | None = Field(default=None, max_length=200)
    category: str = Field(min_length=1, max_length=100, examples=["market"])
    has_board: bool


class AuthoriseSigner(Command):
    role: str = Field(examples=["chairman"])
    person_name: str = Field(min_length=1, max_length=NAME_LENGTH)
    scope: Literal["general_manager", "other_managers"]
    granted_by: Literal["board", "controlling_shareholder"]
    decision_ref: str = Field(max_length=REFERENCE_LENGTH)
    granted_on: date | None = None


class AdoptPolicy(Command):
    name: str
    enterprise_id: UUID | None = Field(default=None, description="exactly one of enterprise_id and category")
    category: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, description="overrides of DOMAIN.md's defaults")
    effective_from: date


class RevisePolicy(Command):
    parameters: dict[str, Any]
    effective_from: date
    reason: str = Field(max_length=REASON_LENGTH)


class ManagerDetails(Command):
    code: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=100)
    level: Literal["leadership", "middle", "professional"]
    position: str = Field(examples=["general_manager", "deputy_general_manager", "middle_manager"])
    title: str | None = None


class RegisterManager(ManagerDetails):
    enterprise_id: UUID


class PayInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base: Money = Field(description="annual base salary, yuan")
    performance: Money = Field(description="annual target performance salary, yuan")


class AgreementInput(BaseModel):
    """The appointment agreement's terms (002 §二(三))."""

    model_config = ConfigDict(extra="forbid")

    duties: str
    rights_obligations: str
    pay: PayInput
    exit_rules: str
    accountability: str

    def raw(self) -> dict[str, Any]:
        return self.model_dump()


class TenureTerms(Command):
    start: date
    end: date
    agreement: AgreementInput
    probation_months: int | None = None
    limit_decision_ref: str | None = Field(default=None, description="a term past the maximum needs a decision")
    limit_reason: str | None = None


class OpenTenure(TenureTerms):
    manager_id: UUID


class RenewTenure(Command):
    start: date
    end: date
    agreement: AgreementInput
    position: str | None = None
    level: Literal["leadership", "middle", "professional"] | None = None
    probation_months: int | None = None
    limit_decision_ref: str | None = None
    limit_reason: str | None = None


class ReviewAgreement(Command):
    reviewer: str = Field(examples=["党委会"])
    reference: str = Field(examples=["党委会纪要〔2022〕3号"])
    reviewed_on: date


class ApproveAgreement(Command):
    decision_ref: str = Field(max_length=REFERENCE_LENGTH)
    approved_on: date


class Sign(Command):
    """A signature of the agreement or of a letter, by the enterprise's authorised signer or the manager."""

    party: Literal["enterprise", "manager"]
    signer_name: str | None = Field(default=None, description="your own name (your token's); omitted: your name")
    signer_role: str = Field(examples=["chairman", "general_manager", "manager"])
    signed_on: date


class ActivateTenure(Command):
    on: date


class IssueLetter(Command):
    kind: Literal["annual", "tenure"]
    year: int | None = Field(default=None, description="the calendar year, for an annual letter")
    kpis: list[KpiInput]
    issued_on: date | None = None


class ReviseLetter(Command):
    kpis: list[KpiInput]
    reason: str = Field(max_length=REASON_LENGTH)
    revised_on: date | None = None


class ExtendTenure(Command):
    new_end: date
    decision_ref: str = Field(max_length=REFERENCE_LENGTH)
    reason: str = Field(max_length=REASON_LENGTH)
    decided_on: date


class CloseExpiredTenures(Command):
    as_of: date
    enterprise_id: UUID | None = None


class TerminateTenure(Command):
    reason: str = Field(max_length=REASON_LENGTH)
    mode: Literal["rigid_exit", "flexible_adjustment"]
    decision_makers: list[str]
    decided_on: date
    effective_on: date
    decision_ref: str = Field(max_length=REFERENCE_LENGTH)


class DecideExitProposal(Command):
    proposal_id: str
    outcome: Literal["exit", "flexible_adjustment", "declined"]
    reason: str | None = None
    decision_makers: list[str]
    decided_on: date
    decision_ref: str | None = None
    effective_on: date | None = Field(default=None, description="the day the exit takes effect; the decision's day if none")
    for_cause: bool | None = Field(default=None, description="what the decision says of its cause: a rigid exit on a "
                                   "proposal is for cause, a flexible adjustment or a declined proposal is not")


class PublishBid(Command):
    enterprise_id: UUID
    position: str
    level: Literal["leadership", "middle", "professional"]
    kpis: list[KpiInput]
    pay: PayInput
    published_on: date


class AcceptBid(Command):
    manager_id: UUID
    confirmation_ref: str = Field(description="reference of the signed confirmation")
    signed_on: date


class DeclineBid(Command):
    manager_id: UUID
    reason: str = Field(max_length=REASON_LENGTH)
    declined_on: date
