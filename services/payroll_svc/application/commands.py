"""What callers ask the payroll service to do. Each command doubles as its request body; money is a
decimal string (a JSON number is accepted but never passes through float arithmetic here)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanPay(Command):
    tenure_id: UUID
    base: Decimal = Field(description="annual base salary, yuan, to the cent")
    performance: Decimal = Field(description="annual target performance salary, yuan, to the cent")


class RunBase(Command):
    enterprise_id: UUID
    period: str = Field(pattern=PERIOD, examples=["2022-03"])


class ClosePeriod(Command):
    enterprise_id: UUID
    period: str = Field(pattern=PERIOD)


class ClawBack(Command):
    tenure_id: UUID
    amount: Decimal
    reason: str
    decision_ref: str
    period: str = Field(pattern=PERIOD, description="the payslip period the recovery goes on")


ExportFormat = Literal["csv", "xlsx"]
