"""Tenure settlement (DOMAIN.md "Pay", "Termination"): the tenure incentive and the retained pay.

Incentive = tenure_incentive_pct % × the annual target pay over the tenure's length × the tenure coefficient,
rounded once, to the cent. The length is exact: each year's annual target pay × that year's pro-rata factor,
summed (with one plan throughout, the annual target pay × the sum of the factors). The coefficient is the
product of the yearly coefficients (score / 100), capped, and rounded to 4 decimals before it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.decimals import round_money, round_rate
from shared.errors import InvalidInputError

from .figures import HUNDRED, NO_MONEY, ONE, ZERO, figure, money
from .parameters import QUALIFIED, UNQUALIFIED, PayParameters, pay_parameters
from .proration import YearFraction, fraction_value, prorate

EXPIRED, RENEWED, TERMINATED = "expired", "renewed", "terminated"
ENDINGS = (EXPIRED, RENEWED, TERMINATED)
TENURE_GRADES = (QUALIFIED, UNQUALIFIED)
TENURE_UNQUALIFIED = "tenure_unqualified"


@dataclass(frozen=True)
class TenureSettlement:
    """The tenure coefficient, the incentive and the retained pay, with every figure they rest on."""

    annual_scores: tuple[tuple[int, Decimal], ...]
    coefficient_uncapped: Decimal
    coefficient_cap: Decimal
    tenure_coefficient: Decimal
    length_years: Decimal
    target_pay_over_tenure: Decimal
    incentive_pct: Decimal
    incentive_unrounded: Decimal
    incentive_earned: Decimal  # before the tenure result or a removal forfeits it
    tenure_grade: str
    ended_by: str | None
    forfeited_by: str | None  # "tenure_unqualified" or "terminated"; None when paid
    tenure_incentive: Decimal
    retained_total: Decimal
    retained_released: Decimal
    retained_forfeited: Decimal


def tenure_coefficient(annual_scores: Mapping[int, Any], cap: Decimal) -> tuple[Decimal, Decimal]:
    """(the exact product of score / 100 over the years, that product capped and rounded to 4 decimals)."""
    product = ONE
    for _, score in _scores(annual_scores):
        product *= score / HUNDRED
    return product, round_rate(min(product, cap))


def settle_tenure(
    annual_targets: Mapping[int, Any],
    year_fractions: Mapping[int, YearFraction | Decimal],
    annual_scores: Mapping[int, Any],
    tenure_grade: str,
    retained_by_year: Mapping[int, Any],
    params: PayParameters | Mapping[str, Any] | None,
    ended_by: str | None = None,
) -> TenureSettlement:
    """Settle the tenure once its appraisal is final.

    `annual_targets` {year: base + performance, annual}, `year_fractions` {year: pro-rata factor} for the same
    years, `annual_scores` {year: annual total}, `retained_by_year` {year: amount held back}. `ended_by` is
    None or "expired" / "renewed" for a tenure that ran its term, "terminated" for a removal (for performance
    or misconduct): then neither the incentive nor the retained pay is paid. An unqualified tenure forfeits both.
    """
    policy = pay_parameters(params)
    if tenure_grade not in TENURE_GRADES:
        raise InvalidInputError(
            "tenure_grade must be qualified or unqualified", field="tenure_grade", rule="known_tenure_grade"
        )
    if ended_by is not None and ended_by not in ENDINGS:
        raise InvalidInputError(f"ended_by must be one of {', '.join(ENDINGS)}", field="ended_by", rule="known_ending")
    uncapped, coefficient = tenure_coefficient(annual_scores, policy.tenure_coefficient_cap)
    length, target_pay = _length_and_target_pay(annual_targets, year_fractions)
    unrounded = target_pay * policy.tenure_incentive_pct / HUNDRED * coefficient
    earned = round_money(unrounded)
    forfeited_by = TERMINATED if ended_by == TERMINATED else TENURE_UNQUALIFIED if tenure_grade != QUALIFIED else None
    retained = sum((money(v, f"retained_by_year.{y}") for y, v in sorted(retained_by_year.items())), NO_MONEY)
    return TenureSettlement(
        annual_scores=_scores(annual_scores),
        coefficient_uncapped=uncapped,
        coefficient_cap=policy.tenure_coefficient_cap,
        tenure_coefficient=coefficient,
        length_years=length,
        target_pay_over_tenure=target_pay,
        incentive_pct=policy.tenure_incentive_pct,
        incentive_unrounded=unrounded,
        incentive_earned=earned,
        tenure_grade=tenure_grade,
        ended_by=ended_by,
        forfeited_by=forfeited_by,
        tenure_incentive=NO_MONEY if forfeited_by else earned,
        retained_total=retained,
        retained_released=NO_MONEY if forfeited_by else retained,
        retained_forfeited=retained if forfeited_by else NO_MONEY,
    )


def _length_and_target_pay(
    annual_targets: Mapping[int, Any], year_fractions: Mapping[int, YearFraction | Decimal]
) -> tuple[Decimal, Decimal]:
    if not annual_targets or set(annual_targets) != set(year_fractions):
        raise InvalidInputError(
            "annual_targets and year_fractions must name the same years, at least one",
            field="year_fractions",
            rule="same_years",
        )
    length, target_pay = ZERO, ZERO
    for year in sorted(annual_targets):
        field = f"year_fractions.{year}"
        length += fraction_value(year_fractions[year], field)
        target_pay += prorate(money(annual_targets[year], f"annual_targets.{year}"), year_fractions[year], field)
    return length, target_pay


def _scores(annual_scores: Mapping[int, Any]) -> tuple[tuple[int, Decimal], ...]:
    if not annual_scores:
        raise InvalidInputError(
            "the tenure coefficient needs at least one annual score",
            field="annual_scores",
            rule="annual_scores_required",
        )
    scores = tuple((year, figure(score, f"annual_scores.{year}")) for year, score in sorted(annual_scores.items()))
    for year, score in scores:
        if score < 0:
            raise InvalidInputError(
                f"annual_scores.{year} must not be negative", field=f"annual_scores.{year}", rule="non_negative_score"
            )
    return scores
