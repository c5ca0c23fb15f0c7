"""The tenure appraisal (DOMAIN.md "Tenure appraisal"), with the tenure coefficient of shared/domain.

The tenure score is the mean of the annual totals (each already rounded to 2 dp, as graded), rounded to
2 dp; when the tenure letter carries its own KPI sheet, that sheet's `AnnualScore` (scored by `score_sheet`
against the tenure targets) gives the score instead, and a failed veto KPI on it makes the tenure
unqualified like a year. The tenure grade is qualified or unqualified: there is no forced distribution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.decimals import round_score
from shared.domain.coefficient import tenure_coefficient, tenure_coefficient_uncapped
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import QUALIFIED, UNQUALIFIED
from shared.errors import RuleViolationError

from .appraisal import AnnualScore
from .figures import ZERO, figure
from .results import EXIT_PROPOSED, TENURE_UNQUALIFIED, Trigger

MEAN_OF_ANNUAL_SCORES = "mean_of_annual_scores"
TENURE_SHEET = "tenure_sheet"


@dataclass(frozen=True)
class TenureAppraisalResult:
    """The tenure's score and grade with what they rest on, the coefficient for pay, and the exit trigger.
    Recorded whole in `TenureAppraisal.Recorded`; contract and payroll read it (`shared.domain.messages.TenureResult`)."""

    annual_totals: tuple[tuple[int, Decimal], ...]  # (year, total), in year order
    basis: str  # MEAN_OF_ANNUAL_SCORES or TENURE_SHEET
    score_unrounded: Decimal
    score: Decimal
    vetoed: bool
    grade: str  # qualified or unqualified: no forced distribution
    coefficient_uncapped: Decimal
    coefficient: Decimal  # capped, 4 dp: what payroll pays with
    exit_triggers: tuple[Trigger, ...]
    sheet: AnnualScore | None = None


def tenure_score(annual_totals: Mapping[int, Any]) -> Decimal:
    """The mean of the annual totals, rounded to 2 dp."""
    totals = _totals(annual_totals)
    return round_score(sum((total for _, total in totals), ZERO) / len(totals))


def appraise_tenure(
    annual_totals: Mapping[int, Any],
    params: PolicyParameters | Mapping[str, Any] | None,
    tenure_sheet: AnnualScore | None = None,
) -> TenureAppraisalResult:
    """Score and grade the tenure from its annual totals {year: total} (or its own sheet's score)."""
    policy = PolicyParameters.of(params)
    totals = _totals(annual_totals)
    reasons = []
    if tenure_sheet is None:
        basis, vetoed = MEAN_OF_ANNUAL_SCORES, False
        unrounded = sum((total for _, total in totals), ZERO) / len(totals)
    else:
        basis, vetoed, unrounded = TENURE_SHEET, tenure_sheet.vetoed, tenure_sheet.total_unrounded
        if vetoed:
            reasons.append(f"veto KPI of the tenure sheet failed: {', '.join(tenure_sheet.vetoed_by)}")
    score = round_score(unrounded)
    if score < policy.exit_score_floor:
        reasons.insert(0, f"tenure score {score} < {policy.exit_score_floor}")
    triggers = (Trigger(TENURE_UNQUALIFIED, EXIT_PROPOSED, "; ".join(reasons)),) if reasons else ()
    uncapped = tenure_coefficient_uncapped(dict(totals))
    capped = tenure_coefficient(dict(totals), policy.tenure_coefficient_cap)
    grade = UNQUALIFIED if reasons else QUALIFIED
    return TenureAppraisalResult(totals, basis, unrounded, score, vetoed, grade, uncapped, capped, triggers, tenure_sheet)


def _totals(annual_totals: Mapping[int, Any]) -> tuple[tuple[int, Decimal], ...]:
    if not annual_totals:
        raise RuleViolationError(
            "a tenure appraisal needs at least one annual score", field="annual_totals", rule="annual_scores_required"
        )
    return tuple((year, figure(total, f"annual_totals.{year}")) for year, total in sorted(annual_totals.items()))
