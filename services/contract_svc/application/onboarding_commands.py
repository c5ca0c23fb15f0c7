"""What an onboarding asks: an enterprise's serving managers brought in from the signed papers the group holds.

Each manager is what the one-by-one commands would have made of them (RegisterManager, OpenTenure, the review
and approval, both parties' signatures, the activation, each letter issued and signed by both), as one item; the
signatures are the ones already given on paper, recorded by the importer, not given through the system."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from services.contract_svc.application.commands import (
    ApproveAgreement, Command, ManagerDetails, ReviewAgreement, TenureTerms,
)
from shared.domain.kpi import KpiInput
from shared.inputs import NAME_LENGTH, REFERENCE_LENGTH, Bulk

MAX_LETTERS = 20  # a letter a year the tenure touches and the tenure's own: 2-3 year terms, with extensions
MAX_MANAGERS = 2000  # an enterprise's whole roster in one transaction; a group brings its enterprises in one by one


class PaperSignature(Command):
    """A signature given on the signed paper, as it reads there."""

    party: Literal["enterprise", "manager"]
    signer_name: str = Field(min_length=1, max_length=NAME_LENGTH)
    signer_role: str = Field(min_length=1, max_length=NAME_LENGTH, examples=["chairman", "manager"])
    signed_on: date


class SignedLetter(Command):
    kind: Literal["annual", "tenure"]
    year: int | None = Field(default=None, description="the calendar year, for an annual letter")
    kpis: list[KpiInput]
    issued_on: date
    signatures: list[PaperSignature] = Field(min_length=2, max_length=2, description="both parties'")


class ServingManager(ManagerDetails, TenureTerms):
    """A manager (as RegisterManager, of the enterprise onboarded) with their tenure in force (its terms as
    OpenTenure's): the agreement as reviewed, approved and signed, and its letters as signed."""

    review: ReviewAgreement
    approval: ApproveAgreement
    signatures: list[PaperSignature] = Field(min_length=2, max_length=2, description="both parties'")
    activated_on: date
    letters: list[SignedLetter] = Field(default_factory=list, max_length=MAX_LETTERS)


class Onboard(Command):
    source: str = Field(min_length=1, max_length=REFERENCE_LENGTH,
                        description="where the papers are: the archive, file or decision the import was taken from",
                        examples=["档案室 2023-07 任期制契约化管理签约材料"])
    managers: list[ServingManager] = Field(min_length=1, max_length=MAX_MANAGERS)


Roster = Bulk[Onboard, ServingManager]  # an Onboard as read: its managers made into commands as they are brought in
