"""Typed payloads of the messages that cross services, parsed exactly (Decimal, date, UUID) from the JSON a
`shared.messages.Message` carries. A payload names only what its readers use; other keys are ignored, so a
producer may add to its events without breaking a reader. Each producer's events keep these attribute names."""

from __future__ import annotations

from collections.abc import Mapping

from datetime import date
from decimal import Decimal
from typing import Any, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from shared.domain.vocabulary import AUTOMATIC_REMOVAL
from shared.messages import Message


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    @classmethod
    def of(cls, message: Message) -> Self:
        return cls.model_validate(message.payload)


# --- from the appraisal service ---------------------------------------------------------------------------


class RemovalFigure(Payload):
    """One KPI below its removal floor (一重): the figures that removed the manager."""

    kpi_code: str
    measure: str  # "revenue" or "profit": which floor it fell below
    actual: Decimal
    target: Decimal | None
    completion: Decimal
    floor: Decimal


class Trigger(Payload):
    """An exit trigger or warning: its kind, what it leads to, why, and the KPIs behind it (with their figures,
    in an exit proposal's removal trigger)."""

    kind: str
    consequence: str
    reason: str
    kpi_codes: tuple[str, ...] = ()
    figures: tuple[RemovalFigure, ...] = ()


class AnnualResult(Payload):
    """One manager's final annual result, as payroll settles it (a revision sends it again, changed)."""

    tenure_id: UUID
    manager_id: UUID
    year: int
    total: Decimal
    grade: str
    vetoed: bool
    final_on: date
    policy_version: int | None = None
    parameters: dict[str, Any] | None = None


class GroupFinalised(Payload):
    """`AnnualAppraisal.Finalised` as recorded before members had streams of their own: every member's result
    in one message. Still read, so that a database upgraded with such messages pending settles them."""

    on: date
    year: int
    finals: dict[UUID, dict[str, Any]]

    def results(self) -> list[AnnualResult]:
        return [AnnualResult.model_validate({**r, "tenure_id": t, "year": self.year, "final_on": self.on})
                for t, r in self.finals.items()]


class TenureResult(Payload):
    """The tenure appraisal's result: score, grade, and the tenure coefficient payroll pays with."""

    annual_totals: dict[int, Decimal]
    basis: str
    score: Decimal
    vetoed: bool
    grade: str
    coefficient_uncapped: Decimal
    coefficient: Decimal
    exit_triggers: tuple[Trigger, ...] = ()

    def years_not_in(self, known: Mapping[int, Decimal]) -> list[int]:
        """The years this result was computed from whose annual total is not (yet) `known` as it was used."""
        return [year for year, total in sorted(self.annual_totals.items()) if known.get(year) != total]


class TenureAppraised(Payload):
    """`TenureAppraisal.Recorded`."""

    tenure_id: UUID
    manager_id: UUID
    policy_id: UUID
    policy_version: int
    final_on: date
    result: TenureResult


class TenureAppraisalRevised(TenureAppraised):
    """`TenureAppraisal.Revised`: the tenure appraised again after a year of it was revised after final; read
    like `TenureAppraised` (its `final_on` is the day of the revision), naming the year and the decision."""

    year: int
    reason: str
    decision_ref: str


class ExitProposed(Payload):
    """`ExitProposal.Proposed`: the rules propose an exit; the contract side decides."""

    tenure_id: UUID
    manager_id: UUID
    year: int
    basis: str
    triggers: tuple[Trigger, ...]
    proposed_on: date

    @property
    def removal(self) -> Trigger | None:
        """The trigger that removes the manager by rule (一重), if any: the proposal is decided by it."""
        return next((t for t in self.triggers if t.consequence == AUTOMATIC_REMOVAL), None)


# --- from the contract service, what payroll acts on ------------------------------------------------------


class TenureActivated(Payload):
    on: date


class TermExtended(Payload):
    new_end: date


class TenureTerminated(Payload):
    effective_on: date
    mode: str  # "rigid_exit" is for cause

    @property
    def for_cause(self) -> bool:
        return self.mode == "rigid_exit"


class RemovalByRule(Payload):
    """How the rule decided an automatic removal: the trigger, the appraisal year whose figures fell below the
    floor, and the living allowance paid after it under the policy version in force on the day."""

    rule: str
    year: int
    policy_version: int
    living_allowance_monthly: Decimal | None = None


class ExitProposalDecided(Payload):
    """`Tenure.ExitProposalDecided`: the decision on the appraisal side's proposal `proposal_id` (its stream);
    `by_rule` when no one decided it but the rule (一重's automatic removal)."""

    decided_on: date
    outcome: str  # "exit" is for cause
    ends_tenure: bool = False
    proposal_id: str | None = None
    reason: str | None = None
    decision_makers: tuple[str, ...] = ()
    decision_ref: str | None = None
    effective_on: date | None = None  # recorded without it: it took effect on the day of the decision
    by_rule: RemovalByRule | None = None

    @property
    def for_cause(self) -> bool:
        return self.outcome in ("exit", AUTOMATIC_REMOVAL)

    @property
    def effective(self) -> date:
        return self.effective_on or self.decided_on

    @property
    def mode(self) -> str | None:
        """How the tenure ends: rigid exit or flexible adjustment; none when the proposal is declined."""
        modes = {"exit": "rigid_exit", "flexible_adjustment": "flexible_adjustment"}
        return AUTOMATIC_REMOVAL if self.outcome == AUTOMATIC_REMOVAL else modes.get(self.outcome)
