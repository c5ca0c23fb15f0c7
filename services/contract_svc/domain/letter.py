"""A performance letter (经营业绩责任书): one per calendar year of a tenure and one for the tenure (DOMAIN.md
Lifecycle 3), each a stream of its own whose id is derived from the tenure and the letter's key. A change after
signing is a new version for both parties to sign again; a version is never edited."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from shared.domain import inputs as i
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import PARTIES
from shared.errors import RuleViolationError

from .dates import years_touched
from .letters import LetterVersion, letter_key, letter_sheet, new_letter_key
from .records import Signature
from .sheet import sheet_of
from .tenure import Tenure
from .tenure_rules import require_running

LETTER_NAMESPACE = uuid5(NAMESPACE_URL, "tenure-system/contract/letters")


def letter_id(tenure_id: UUID, key: str) -> UUID:
    return uuid5(LETTER_NAMESPACE, f"{tenure_id}:{key}")


def letter_ids(tenure_id: UUID, start: date, end: date) -> list[UUID]:
    """Every letter a tenure running `start`..`end` can have: an annual one per year it touches, the tenure's."""
    keys = [letter_key("annual", year) for year in years_touched(start, end)] + [letter_key("tenure", None)]
    return [letter_id(tenure_id, key) for key in keys]


class PerformanceLetter(Aggregate):
    @staticmethod
    def create_id(tenure_id: UUID, key: str, **_: Any) -> UUID:
        return letter_id(tenure_id, key)

    @classmethod
    def issue(cls, tenure: Tenure, issued: Collection[str], kind: str, year: int | None, kpis: list[dict[str, Any]],
              params: PolicyParameters, issued_on: date | None = None, policy_version: int | None = None,
              ) -> PerformanceLetter:  # fmt: skip
        """The annual letter of `year`, or the tenure letter (no year), of a running tenure whose letters
        `issued` are not this one; recorded with the policy version it was validated under."""
        require_running(tenure, "issue a letter")
        return cls(
            tenure_id=tenure.id, key=new_letter_key(kind, year, tenure.start, tenure.end, issued), kind=kind,
            year=year, kpis=letter_sheet(kind, kpis, params),
            issued_on=None if issued_on is None else i.require_date(issued_on, "issued_on"),
            policy_version=_policy_version(tenure, policy_version),
        )

    @event("Issued")
    def __init__(self, tenure_id: UUID, key: str, kind: str, year: int | None, kpis: list[dict[str, Any]],
                 issued_on: date | None, policy_version: int) -> None:
        self.tenure_id, self.key, self.kind, self.year = tenure_id, key, kind, year
        self.versions = (LetterVersion(1, sheet_of(kpis), None, issued_on, policy_version),)

    @property
    def current(self) -> LetterVersion:
        return self.versions[-1]

    @property
    def status(self) -> str:
        """Status of the current version: "issued" until both parties sign it, then "signed"."""
        return self.current.status

    def in_force_on(self, on: date) -> LetterVersion | None:
        """The latest version both parties had signed by `on`."""
        signed = [v for v in self.versions if v.signed_on is not None and v.signed_on <= on]
        return signed[-1] if signed else None

    def sign(self, tenure: Tenure, signer_name: str, signer_role: str, party: str, signed_on: date) -> None:
        """One party signs the current version; once both have, that version is frozen."""
        require_running(tenure, "sign a letter")
        current = self.current
        i.require_choice(party, PARTIES, "party", "known_party")
        if current.status == "signed" or current.signed_by(party) is not None:
            already = "both parties" if current.status == "signed" else f"the {party}"
            raise RuleViolationError(
                f"letter {self.key} version {current.number} is already signed by {already}; "
                "a change needs a new version (revise_letter)",
                field="party",
                rule="letter_lifecycle",
            )
        i.require_not_before(i.require_date(signed_on, "signed_on"), current.issued_on, "signed_on", "the issue on")
        self._signed(tenure_id=self.tenure_id, key=self.key, version_number=current.number, party=party,
                     signer_name=i.require_text(signer_name, "signer_name"),
                     signer_role=i.require_text(signer_role, "signer_role"), signed_on=signed_on)

    @event("Signed")
    def _signed(self, tenure_id: UUID, key: str, version_number: int, party: str, signer_name: str,
                signer_role: str, signed_on: date) -> None:
        signature = Signature(party, signer_name, signer_role, signed_on)
        current = self.current
        signed = LetterVersion(current.number, current.kpis, current.reason, current.issued_on, current.policy_version,
                               (*current.signatures, signature))
        self.versions = (*self.versions[:-1], signed)

    def revise(self, tenure: Tenure, kpis: list[dict[str, Any]], reason: str, params: PolicyParameters,
               revised_on: date | None = None, policy_version: int | None = None) -> None:
        """A new version for both parties to sign again; earlier versions stay as they were."""
        require_running(tenure, "revise a letter")
        reason = i.require_reason(reason)
        self._revised(tenure_id=self.tenure_id, key=self.key, version_number=self.current.number + 1,
                      kpis=letter_sheet(self.kind, kpis, params), reason=reason,
                      revised_on=None if revised_on is None else i.require_date(revised_on, "revised_on"),
                      policy_version=_policy_version(tenure, policy_version))

    @event("Revised")
    def _revised(self, tenure_id: UUID, key: str, version_number: int, kpis: list[dict[str, Any]], reason: str,
                 revised_on: date | None, policy_version: int) -> None:
        version = LetterVersion(version_number, sheet_of(kpis), reason, revised_on, policy_version)
        self.versions = (*self.versions, version)


def _policy_version(tenure: Tenure, given: int | None) -> int:
    """The policy version a letter was validated under; by default the one the tenure opened with."""
    return tenure.policy_version if given is None else i.require_int(given, "policy_version")
