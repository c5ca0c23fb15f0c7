"""What callers ask the appraisal service to do. Each command doubles as its request body."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordActual(Command):
    tenure_id: UUID
    year: int = Field(ge=1900, le=2200)
    kpi_code: str
    value: Decimal = Field(description="the measured figure, in the KPI's unit")
    audited: bool = Field(default=False, description="only audited actuals close an appraisal")
    source: Literal["manual", "file", "erp"] = "manual"
    reference: str | None = Field(default=None, description="where the figure comes from, e.g. the audit report")


class RecordActuals(Command):
    """Several actuals at once, as the group ERP posts them: all are recorded, or none."""

    items: list[RecordActual] = Field(min_length=1)


class RecordRating(Command):
    tenure_id: UUID
    year: int = Field(ge=1900, le=2200)
    kpi_code: str
    evaluator: str = Field(min_length=1, max_length=100)
    rating: Decimal = Field(description="0 to 100; the KPI takes the mean of its evaluators' ratings")


class CorrectEntry(Command):
    """A new figure for an actual or a rating already recorded, naming it and saying why."""

    tenure_id: UUID
    year: int
    entry_id: str
    value: Decimal
    audited: bool = True
    reason: str


class OpenAppraisal(Command):
    enterprise_id: UUID
    year: int = Field(ge=1900, le=2200)
    opened_on: date | None = None


class CloseAppraisal(Command):
    closed_on: date


class GradeOverride(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenure_id: UUID
    grade: Literal["excellent", "qualified", "basic", "unqualified"]
    reason: str


class ConfirmAppraisal(Command):
    decided_on: date
    overrides: list[GradeOverride] = Field(default_factory=list)


class FileObjection(Command):
    tenure_id: UUID
    reason: str
    filed_on: date


class DecideObjection(Command):
    outcome: Literal["upheld", "rejected"]
    reason: str
    decided_on: date


class FinaliseAppraisal(Command):
    on: date


class ReviseAppraisal(Command):
    """Score a final appraisal again on the figures as corrected since, by a decision with a reason."""

    reason: str
    decided_on: date
