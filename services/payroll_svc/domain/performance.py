"""A year's performance pay (DOMAIN.md "Pay"), once the annual appraisal is final.

Rounding order, each step to the cent: the year's target (annual target × year fraction); the pay (that
rounded target × the grade's coefficient, or × score / 100 in score mode); the retained part (the pay ×
retention_pct / 100). What is paid now is the pay less the retained part, so nothing is rounded twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import GRADES, SCORE_MODE, UNQUALIFIED
from shared.errors import InvalidInputError

from .figures import HUNDRED, NO_MONEY, ZERO, figure, money
from .proration import YearFraction, fraction_value, prorate

TERMINATED_FOR_CAUSE = "terminated_for_cause"


@dataclass(frozen=True)
class PerformanceSettlement:
    """Every figure of a year's performance pay, from the annual target to what is paid now."""

    target_annual: Decimal
    fraction: Decimal
    performance_target_unrounded: Decimal
    performance_target: Decimal
    mode: str
    grade: str | None  # None only for the exit year of an exit for cause: not appraised (exit.py)
    score: Decimal | None
    rate: Decimal  # the grade's coefficient, or score / 100; 0 for an unqualified year in score mode
    performance_pay_unrounded: Decimal
    earned: Decimal  # the pay as appraised, before a removal for cause forfeits it
    forfeited_by: str | None
    performance_pay: Decimal
    retention_pct: Decimal
    retained: Decimal
    performance_paid_now: Decimal


def settle_performance(
    target_annual: Any,
    year_fraction: YearFraction | Decimal,
    grade: str,
    score: Any,
    params: PolicyParameters | Mapping[str, Any] | None,
    terminated_for_cause: bool = False,
) -> PerformanceSettlement:
    """The year's performance pay, the part retained until the tenure ends, and the part paid now.

    `score` (the annual total) is required in score mode and kept for audit in grade mode. A manager removed
    for performance or misconduct that year is paid none of it (DOMAIN.md "Termination").
    """
    policy = PolicyParameters.of(params)
    annual = money(target_annual, "target_annual")
    target_unrounded = prorate(annual, year_fraction)
    target = round_money(target_unrounded)
    total = _score(score, required=policy.performance_mode == SCORE_MODE)
    rate = _rate(grade, total, policy)
    earned = round_money(target * rate)
    pay = NO_MONEY if terminated_for_cause else earned
    retained = round_money(pay * policy.retention_pct / HUNDRED)
    return PerformanceSettlement(
        target_annual=annual, fraction=fraction_value(year_fraction), performance_target_unrounded=target_unrounded,
        performance_target=target, mode=policy.performance_mode, grade=grade, score=total, rate=rate,
        performance_pay_unrounded=target * rate, earned=earned,
        forfeited_by=TERMINATED_FOR_CAUSE if terminated_for_cause else None, performance_pay=pay,
        retention_pct=policy.retention_pct, retained=retained, performance_paid_now=pay - retained,
    )


def _rate(grade: str, score: Decimal | None, policy: PolicyParameters) -> Decimal:
    if grade not in GRADES:
        raise InvalidInputError(f"grade must be one of {', '.join(GRADES)}", field="grade", rule="known_grade")
    if policy.performance_mode != SCORE_MODE:
        return policy.coefficients[grade]
    # Score mode: "年度考核不合格的，扣减全部绩效年薪" (002) still holds, whatever the score.
    return ZERO if grade == UNQUALIFIED or score is None else score / HUNDRED


def _score(value: Any, required: bool) -> Decimal | None:
    if value is None:
        if required:
            raise InvalidInputError("score mode needs the annual score", field="score", rule="score_required")
        return None
    score = figure(value, "score")
    if score < 0:
        raise InvalidInputError(f"score must not be negative: {score}", field="score", rule="non_negative_score")
    return score
