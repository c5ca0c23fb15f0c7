"""What callers ask the payroll service to do. Each command doubles as its request body; money is a
decimal string (a JSON number is accepted but never passes through float arithmetic here)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from shared.inputs import Money, SafeInput

PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"
# Yuan to the cent, at most 12 digits before the point: what the read models' Numeric(14, 2) holds. A larger
# figure (1E+27) is refused here, naming its field, before any arithmetic is tried on it.
REASON_LENGTH = 2000  # a clawback's reason, kept on the payment line for ever: the decision says the rest
REFERENCE_LENGTH = 200  # a decision's reference, such as 董事会决议〔2023〕4号


class Command(SafeInput):
    """Unknown fields refused, immutable, text without NUL or bidi overrides (shared/inputs.py)."""


class PlanPay(Command):
    tenure_id: UUID
    base: Money = Field(description="annual base salary, yuan, to the cent")
    performance: Money = Field(description="annual target performance salary, yuan, to the cent")


class PlanPays(Command):
    """The pay plans of an enterprise's roster at once (after an onboarding), all or none."""

    items: list[PlanPay] = Field(min_length=1, max_length=2000)


class RunBase(Command):
    enterprise_id: UUID
    period: str = Field(pattern=PERIOD, examples=["2022-03"])


class ClosePeriod(Command):
    enterprise_id: UUID
    period: str = Field(pattern=PERIOD)


class ClawBack(Command):
    tenure_id: UUID
    amount: Money
    reason: str = Field(max_length=REASON_LENGTH)
    decision_ref: str = Field(max_length=REFERENCE_LENGTH, description="refused empty or blank (decision_ref_required)")
    period: str = Field(pattern=PERIOD, description="the payslip period the recovery goes on")


ExportFormat = Literal["csv", "xlsx"]
