"""Records a tenure keeps of the decisions and signatures it went through; none is ever edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared.domain.vocabulary import AUTOMATIC_REMOVAL, PARTIES


@dataclass(frozen=True)
class Signature:
    party: str
    signer_name: str
    signer_role: str
    signed_on: date


def signed_by_both(signatures: tuple[Signature, ...]) -> bool:
    return {s.party for s in signatures} == set(PARTIES)


@dataclass(frozen=True)
class Review:
    """The party committee's pre-review ("三重一大")."""

    reviewer: str
    reference: str
    reviewed_on: date


@dataclass(frozen=True)
class Approval:
    decision_ref: str
    approved_on: date


@dataclass(frozen=True)
class Extension:
    previous_end: date
    new_end: date
    decision_ref: str
    reason: str
    decided_on: date


@dataclass(frozen=True)
class Termination:
    """An early end: ordered directly or as the outcome of an exit proposal."""

    reason: str | None
    mode: str
    decision_makers: tuple[str, ...]
    decided_on: date
    effective_on: date
    decision_ref: str | None
    proposal_id: str | None


@dataclass(frozen=True)
class RemovalByRule:
    """一重's automatic removal: the trigger that decided it, the appraisal year and the KPI figures behind it
    (as the proposal carried them), and the living allowance of the policy version in force on the day."""

    rule: str
    year: int
    figures: tuple[dict[str, Any], ...]
    policy_version: int
    living_allowance_monthly: Decimal | None

    @classmethod
    def recorded(cls, values: dict[str, Any] | None) -> RemovalByRule | None:
        return None if values is None else cls(**{**values, "figures": tuple(values["figures"])})


@dataclass(frozen=True)
class ExitDecision:
    """A decision on an exit proposal; `by_rule` when no one took it but the rule (then no decision makers)."""

    proposal_id: str
    outcome: str
    reason: str | None
    decision_makers: tuple[str, ...]
    decided_on: date
    decision_ref: str | None
    effective_on: date | None = None
    by_rule: RemovalByRule | None = None

    def ending(self) -> Termination:
        """The early end this decision makes, when it ends the tenure."""
        mode = {"exit": "rigid_exit", AUTOMATIC_REMOVAL: AUTOMATIC_REMOVAL}.get(self.outcome, "flexible_adjustment")
        effective = self.effective_on or self.decided_on
        return Termination(self.reason, mode, self.decision_makers, self.decided_on, effective, self.decision_ref,
                           self.proposal_id)


@dataclass(frozen=True)
class TenureAppraisal:
    """The final tenure appraisal result, as the appraisal service reported it."""

    score: Decimal
    grade: str
    final_on: date
    reference: str | None
    correction_reason: str | None


@dataclass(frozen=True)
class ExitProposal:
    """An exit the appraisal rules proposed, as the contract side learned it; the decision is the tenure's."""

    proposal_id: str
    tenure_id: UUID
    year: int
    basis: str
    triggers: tuple[dict[str, Any], ...]
    proposed_on: date

    @property
    def removal(self) -> dict[str, Any] | None:
        """The trigger that removes the manager by rule (一重), if any: then the rule decides the proposal."""
        return next((t for t in self.triggers if t.get("consequence") == AUTOMATIC_REMOVAL), None)
