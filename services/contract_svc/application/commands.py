"""What callers ask the contract service to do. Each command doubles as its request body."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterEnterprise(Command):
    code: str = Field(min_length=1, max_length=50, examples=["E1"])
    name_zh: str = Field(min_length=1, max_length=200, examples=["成渝科技有限公司"])
    name_en: str | None = Field(default=None, max_length=200)
    category: str = Field(min_length=1, max_length=100, examples=["market"])
    has_board: bool


class AuthoriseSigner(Command):
    role: str = Field(examples=["chairman"])
    person_name: str
    scope: Literal["general_manager", "other_managers"]
    granted_by: Literal["board", "controlling_shareholder"]
    decision_ref: str
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
    reason: str


class RegisterManager(Command):
    code: str = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=100)
    level: Literal["leadership", "middle", "professional"]
    position: str = Field(examples=["general_manager", "deputy_general_manager", "middle_manager"])
    title: str | None = None
    enterprise_id: UUID


class KpiInput(BaseModel):
    """One KPI of a sheet (DOMAIN.md "KPI sheets"); numbers may be JSON numbers or decimal strings."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    category: str | None = None
    weight: Decimal
    rule: Literal["linear", "deduct", "tiered", "pass_fail", "rated"]
    direction: Literal["higher", "lower"] | None = None
    unit: str | None = None
    main: bool = False
    veto: bool = False
    veto_below: Decimal | None = None
    cap: Decimal | None = None
    step: Decimal | None = None
    penalty: Decimal | None = None
    target: Decimal | None = None
    tiers: dict[str, Decimal] | None = None
    target_basis: str | None = Field(default=None, description="how the target was set")

    def raw(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)
