"""What callers ask the appraisal service to do. Each command doubles as its request body."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from services.appraisal_svc.domain.letter_kpis import ledger_year
from shared.domain.vocabulary import GRADES, OBSERVATION_OUTCOMES
from shared.inputs import REASON_LENGTH, REFERENCE_LENGTH, Figure, SafeInput

# An actual, a rating or a corrected figure is a `Figure` (shared/inputs.py): finite, at most 16 digits before
# the point and 8 after, refused naming its field before any scoring arithmetic is tried on it; a rating's
# range 0-100 is the ledger's rule (domain/actuals.py), refused there as `rating_range`.
Year = Annotated[int, Field(ge=1900, le=2200)]
Code = Annotated[str, Field(max_length=REFERENCE_LENGTH)]  # a KPI code, an entry id, 审计报告〔2023〕12号
Reason = Annotated[str, Field(max_length=REASON_LENGTH)]  # kept in the record for ever: the decision says the rest
Period = Annotated[Literal["annual", "tenure"], Field(
    description="annual: a KPI of the signed annual letter of `year`; tenure: of the tenure letter's own sheet "
                "(no year: the tenure period's figures)")]


class Command(SafeInput):
    """Unknown fields refused, immutable, text without NUL or bidi overrides (shared/inputs.py)."""


class LedgerCommand(Command):
    """A figure of one of a tenure's ledgers: a year's, or the tenure period's."""

    tenure_id: UUID
    year: Year | None = Field(default=None, description="the year of an annual figure; none for the tenure period")
    period: Period = "annual"

    @property
    def ledger_year(self) -> int | None:
        """The ledger's year, None for the tenure period's; refused when the two say different things."""
        return ledger_year(self.period, self.year)


class RecordActual(LedgerCommand):
    kpi_code: Code
    value: Figure = Field(description="the measured figure, in the KPI's unit")
    audited: bool = Field(default=False, description="only audited actuals close an appraisal")
    source: Literal["manual", "file", "erp"] = "manual"
    reference: Code | None = Field(default=None, description="where the figure comes from, e.g. the audit report")


class RecordActuals(Command):
    """Several actuals at once, as the group ERP posts them: all are recorded, or none."""

    items: list[RecordActual] = Field(min_length=1)


class RecordRating(LedgerCommand):
    kpi_code: Code
    evaluator: str = Field(min_length=1, max_length=100)
    rating: Figure = Field(description="0 to 100; the KPI takes the mean of its evaluators' ratings")


class RecordRatings(Command):
    """Several ratings at once, as the appraisal committee's office posts a round of them: all, or none."""

    items: list[RecordRating] = Field(min_length=1)


class CorrectEntry(LedgerCommand):
    """A new figure for an actual or a rating already recorded, naming it and saying why."""

    entry_id: Code
    value: Figure
    audited: bool = True
    reason: Reason


class OpenAppraisal(Command):
    enterprise_id: UUID
    year: Year
    opened_on: date | None = None


class CloseAppraisal(Command):
    closed_on: date


class GradeOverride(SafeInput):
    tenure_id: UUID
    grade: Literal[GRADES]  # type: ignore[valid-type]
    reason: Reason


class ConfirmAppraisal(Command):
    decided_on: date
    overrides: list[GradeOverride] = Field(default_factory=list)


class FileObjection(Command):
    tenure_id: UUID
    reason: Reason
    filed_on: date


class DecideObjection(Command):
    outcome: Literal["upheld", "rejected"]
    reason: Reason
    decided_on: date


class FinaliseAppraisal(Command):
    on: date


class ReviseAppraisal(Command):
    """A correction after final: the member named scored again on their figures as corrected since, by a
    decision with a reason and the reference of the decision it rests on (e.g. 审计报告〔2023〕12号)."""

    tenure_id: UUID = Field(description="the member whose figures were corrected; nobody else is scored again")
    reason: Reason
    decision_ref: Code
    decided_on: date


class ConcludeObservation(Command):
    """The committee's conclusion of an observation period, at or after its end: met closes it; not met proposes
    an exit (basis "observation")."""

    outcome: Literal[OBSERVATION_OUTCOMES]  # type: ignore[valid-type]
    reason: Reason
    decided_on: date
    decision_makers: list[Annotated[str, Field(max_length=100)]] = Field(default_factory=list, max_length=20)
    decision_ref: Code | None = None
