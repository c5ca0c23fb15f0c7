"""Records a tenure keeps of the decisions and signatures it went through; none is ever edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared.domain.vocabulary import PARTIES


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
class ExitDecision:
    proposal_id: str
    outcome: str
    reason: str | None
    decision_makers: tuple[str, ...]
    decided_on: date
    decision_ref: str | None
    effective_on: date | None = None


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
