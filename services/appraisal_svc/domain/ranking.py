"""Bottom-of-ranking warnings (DOMAIN.md "Warnings and exit"; "末等 ≠ 末位": they start an adjustment).

A manager is in the bottom p % of a year's ranking when the managers placed at or below them make up at
most floor(group size × p / 100): with ten managers the bottom 10 % is the last one and the bottom 5 % is
nobody. Ties share the better position, so a tie across that line keeps everyone tied out of it.
"""

from __future__ import annotations

from decimal import Decimal

from .grading import quota
from shared.domain.parameters import PolicyParameters

from .results import (
    BOTTOM_RANKING_RED,
    BOTTOM_RANKING_YELLOW,
    EXIT_PROCEDURE_STARTS,
    OBSERVATION_6_TO_12_MONTHS,
    Trigger,
    YearResult,
)


def in_bottom(result: YearResult, pct: Decimal) -> bool:
    """Whether the year's position lies in the bottom `pct` % of its ranking; False when not ranked."""
    if result.position is None or result.group_size is None:
        return False
    size = quota(result.group_size, pct)
    return size > 0 and result.group_size - result.position + 1 <= size


def ranking_warnings(current: YearResult, years: dict[int, YearResult], p: PolicyParameters) -> tuple[Trigger, ...]:
    """Yellow: bottom `bottom_warning_pct` % this year. Red: bottom `bottom_red_pct` % this year and last."""
    warnings = []
    where = f"position {current.position} of {current.group_size} in {current.year}"
    if in_bottom(current, p.bottom_warning_pct):
        reason = f"{where}: bottom {p.bottom_warning_pct} % of the annual ranking, observation period 6-12 months"
        warnings.append(Trigger(BOTTOM_RANKING_YELLOW, OBSERVATION_6_TO_12_MONTHS, reason))
    previous = years.get(current.year - 1)
    if previous is not None and in_bottom(current, p.bottom_red_pct) and in_bottom(previous, p.bottom_red_pct):
        reason = (
            f"{where} and position {previous.position} of {previous.group_size} in {previous.year}: "
            f"bottom {p.bottom_red_pct} % two years in a row, the exit procedure starts"
        )
        warnings.append(Trigger(BOTTOM_RANKING_RED, EXIT_PROCEDURE_STARTS, reason))
    return tuple(warnings)
