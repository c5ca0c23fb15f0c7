"""Tenure commands on its performance letters, and what their events change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from shared.errors import NotFoundError, RuleViolationError

from shared.domain.inputs import require_choice, require_date, require_int, require_not_before, require_reason, require_text
from .letters import Letter, LetterVersion, letter_sheet, new_letter_key
from shared.domain.parameters import PolicyParameters
from .records import Signature
from .sheet import sheet_of
from shared.domain.vocabulary import PARTIES

if TYPE_CHECKING:
    from .tenure import Tenure


class LetterCommands:
    def issue_letter(
        self: Tenure,
        kind: str,
        year: int | None,
        kpis: list[dict[str, Any]],
        params: PolicyParameters,
        issued_on: date | None = None,
        policy_version: int | None = None,
    ) -> None:
        """The annual letter of `year`, or the tenure letter (no year); recorded with the policy version."""
        self.require_running("issue a letter")
        key = new_letter_key(kind, year, self.start, self.end, self.letters)
        self._letter_issued(
            key=key,
            kind=kind,
            year=year,
            kpis=letter_sheet(kind, kpis, params),
            issued_on=None if issued_on is None else require_date(issued_on, "issued_on"),
            policy_version=_policy_version(self, policy_version),
        )

    def sign_letter(
        self: Tenure, letter_key: str, signer_name: str, signer_role: str, party: str, signed_on: date
    ) -> None:
        """One party signs the current version; once both have, that version is frozen."""
        self.require_running("sign a letter")
        current = self.letter(letter_key).current
        require_choice(party, PARTIES, "party", "known_party")
        if current.status == "signed" or current.signed_by(party) is not None:
            already = "both parties" if current.status == "signed" else f"the {party}"
            raise RuleViolationError(
                f"letter {letter_key} version {current.number} is already signed by {already}; "
                "a change needs a new version (revise_letter)",
                field="party",
                rule="letter_lifecycle",
            )
        require_not_before(require_date(signed_on, "signed_on"), current.issued_on, "signed_on", "the issue on")
        self._letter_signed(
            key=letter_key,
            version_number=current.number,
            party=party,
            signer_name=require_text(signer_name, "signer_name"),
            signer_role=require_text(signer_role, "signer_role"),
            signed_on=signed_on,
        )

    def revise_letter(
        self: Tenure,
        letter_key: str,
        kpis: list[dict[str, Any]],
        reason: str,
        params: PolicyParameters,
        revised_on: date | None = None,
        policy_version: int | None = None,
    ) -> None:
        """A new version for both parties to sign again; earlier versions stay as they were."""
        self.require_running("revise a letter")
        letter = self.letter(letter_key)
        reason = require_reason(reason)
        self._letter_revised(
            key=letter_key,
            version_number=letter.current.number + 1,
            kpis=letter_sheet(letter.kind, kpis, params),
            reason=reason,
            revised_on=None if revised_on is None else require_date(revised_on, "revised_on"),
            policy_version=_policy_version(self, policy_version),
        )

    def letter(self: Tenure, key: str) -> Letter:
        if key not in self.letters:
            raise NotFoundError(f"this tenure has no letter {key!r}", field="letter_key", rule="known_letter")
        return self.letters[key]


def _policy_version(tenure: Tenure, given: int | None) -> int:
    """The policy version a letter was validated under; by default the one the tenure opened with."""
    return tenure.policy_version if given is None else require_int(given, "policy_version")


# What each event changes; Tenure binds these as its events. They only assign: replay runs them again.


def letter_issued(
    self: Tenure,
    key: str,
    kind: str,
    year: int | None,
    kpis: list[dict[str, Any]],
    issued_on: date | None,
    policy_version: int,
) -> None:
    first = LetterVersion(1, sheet_of(kpis), None, issued_on, policy_version)
    self.letters = {**self.letters, key: Letter(key, kind, year, (first,))}


def letter_signed(
    self: Tenure,
    key: str,
    version_number: int,
    party: str,
    signer_name: str,
    signer_role: str,
    signed_on: date,
) -> None:
    signature = Signature(party, signer_name, signer_role, signed_on)
    self.letters = {**self.letters, key: self.letters[key].with_signature(signature)}


def letter_revised(
    self: Tenure,
    key: str,
    version_number: int,
    kpis: list[dict[str, Any]],
    reason: str,
    revised_on: date | None,
    policy_version: int,
) -> None:
    version = LetterVersion(version_number, sheet_of(kpis), reason, revised_on, policy_version)
    self.letters = {**self.letters, key: self.letters[key].with_version(version)}
