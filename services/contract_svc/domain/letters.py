"""What a performance letter (经营业绩责任书) is made of: its key, its versions, and the sheet it carries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError

from .dates import years_touched
from shared.domain.inputs import require_choice, require_int
from shared.domain.kpi import Kpi
from shared.domain.parameters import PolicyParameters
from .records import Signature, signed_by_both
from .sheet import validate_sheet

LETTER_KINDS = ("annual", "tenure")


def letter_key(kind: str, year: int | None) -> str:
    """The key of a letter: annual-<year> for an annual letter (e.g. annual-2023), tenure for the tenure letter."""
    return f"annual-{year}" if kind == "annual" else "tenure"


@dataclass(frozen=True)
class LetterVersion:
    """One version of a letter; a change after signing is a new version, never an edit of this one."""

    number: int
    kpis: tuple[Kpi, ...]
    reason: str | None
    issued_on: date | None
    policy_version: int
    signatures: tuple[Signature, ...] = ()

    @property
    def status(self) -> str:
        return "signed" if signed_by_both(self.signatures) else "issued"

    @property
    def signed_on(self) -> date | None:
        """When the last party signed, once both have."""
        return max(s.signed_on for s in self.signatures) if self.status == "signed" else None

    def signed_by(self, party: str) -> Signature | None:
        return next((s for s in self.signatures if s.party == party), None)

    def kpi_dicts(self) -> list[dict[str, Any]]:
        return [kpi.to_dict() for kpi in self.kpis]


def new_letter_key(kind: str, year: int | None, start: date, end: date, issued: Collection[str]) -> str:
    """The key of a letter not yet `issued`: one per calendar year of start..end, one for the tenure."""
    require_choice(kind, LETTER_KINDS, "kind", "known_letter_kind")
    if kind == "annual" and require_int(year, "year") not in years_touched(start, end):
        raise RuleViolationError(
            f"the tenure runs {start} to {end}; it has no year {year}",
            field="year",
            rule="year_in_tenure",
        )
    if kind == "tenure" and year is not None:
        raise InvalidInputError(
            "the tenure letter covers the whole tenure: give no year",
            field="year",
            rule="tenure_letter_has_no_year",
        )
    key = letter_key(kind, year)
    if key in issued:
        raise RuleViolationError(
            f"letter {key} is already issued; a change needs a new version (revise_letter)",
            field="year" if kind == "annual" else "kind",
            rule="one_letter_per_year" if kind == "annual" else "one_tenure_letter",
        )
    return key


def letter_sheet(kind: str, kpis: list[dict[str, Any]], params: PolicyParameters) -> list[dict[str, Any]]:
    # A tenure letter may carry no sheet of its own: the tenure score is then the mean of the annual scores.
    if kind == "tenure" and isinstance(kpis, list) and not kpis:
        return []
    return validate_sheet(kpis, params)
