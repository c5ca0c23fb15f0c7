"""What a pay account keeps besides its lines: each settled year, the tenure settlement, the exit. Each is
read back from the event that recorded it, whose attributes stay as they were first written."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .performance import PerformanceSettlement
from .tenure import TenureSettlement


def plain(value: Any) -> Any:
    """Figures as an event carries them: string keys, lists for tuples."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class YearSettlement(PerformanceSettlement):
    """A year's performance pay as settled: the figures, the result it rests on, the line that paid it."""

    year: int
    total: Decimal | None  # None for the exit year of an exit for cause, settled without an appraisal
    appraisal: str  # the message that made the result final, or the exit's
    policy_version: int
    line_id: str  # the line that paid it first; a correction names it

    @classmethod
    def recorded(cls, figures: Mapping[str, Any], line_id: str) -> YearSettlement:
        """From `PayAccount.YearSettled`: its figures and the id of the line that paid it."""
        return cls(**{**figures, "line_id": line_id})

    def as_recorded(self) -> dict[str, Any]:
        """The figures `PayAccount.YearSettled` carries (the line id is derived on replay)."""
        return {k: v for k, v in plain(self).items() if k != "line_id"}


@dataclass(frozen=True)
class TenureSettled(TenureSettlement):
    """The tenure incentive and the retained pay released or forfeited, from the tenure appraisal `appraisal`."""

    appraisal: str

    @classmethod
    def recorded(cls, figures: Mapping[str, Any]) -> TenureSettled:
        scores = tuple((int(year), Decimal(score)) for year, score in figures["annual_scores"])
        return cls(**{**figures, "annual_scores": scores})


@dataclass(frozen=True)
class Removal:
    """一重's automatic removal (removal.py): the appraised year whose figures removed the manager, the rule, and
    the living allowance paid each month instead of base after the exit, to the planned term's end `until`."""

    year: int
    rule: str
    living_allowance_monthly: Decimal | None
    until: date

    @classmethod
    def recorded(cls, values: Mapping[str, Any] | None) -> Removal | None:
        return None if values is None else cls(**values)


@dataclass(frozen=True)
class Exit:
    """The tenure's early end: the last day paid, whether it was for cause (which forfeits pay), and the
    automatic removal it was, if it was one."""

    on: date
    reason: str
    for_cause: bool
    ref: str
    removal: Removal | None = None

    def forfeits(self, year: int) -> bool:
        """Whether that year's performance pay is forfeited: the exit year's for cause, and an automatic
        removal's appraised year's (DOMAIN.md "Termination": removed for performance, that year's pay is not paid)."""
        removed = self.removal is not None and self.removal.year == year
        return self.for_cause and (year == self.on.year or removed)
