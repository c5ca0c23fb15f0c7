"""Tenure settlement (DOMAIN.md "Pay", "Termination"): the tenure incentive and the retained pay.

Incentive = tenure_incentive_pct % × the annual target pay over the tenure's length × the tenure coefficient,
rounded once, to the cent. The length is exact: each year's annual target pay × that year's pro-rata factor,
summed (with one plan throughout, the annual target pay × the sum of the factors). The tenure coefficient is
the tenure appraisal's: the appraisal service computes it (shared/domain/coefficient.py) and sends it, and
pay uses the figure it is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from shared.decimals import round_money
from shared.domain.messages import TenureResult
from shared.domain.parameters import PolicyParameters
from shared.domain.vocabulary import QUALIFIED, TENURE_GRADES
from shared.errors import InvalidInputError

from .figures import HUNDRED, NO_MONEY, ZERO, money
from .lines import RETENTION_RELEASE, TENURE_INCENTIVE, Cause, LineDraft
from .proration import YearFraction, fraction_value, prorate, year_fraction

EXPIRED, RENEWED, TERMINATED = "expired", "renewed", "terminated"
ENDINGS = (EXPIRED, RENEWED, TERMINATED)
TENURE_UNQUALIFIED = "tenure_unqualified"


@dataclass(frozen=True)
class TenureSettlement:
    """The tenure coefficient, the incentive and the retained pay, with every figure they rest on."""

    annual_scores: tuple[tuple[int, Decimal], ...]  # (year, annual total), as the tenure appraisal sent them
    coefficient_uncapped: Decimal  # the tenure appraisal's product of total / 100
    coefficient_cap: Decimal  # the plan's policy's tenure_coefficient_cap
    tenure_coefficient: Decimal  # the tenure appraisal's coefficient, capped and rounded there: the one paid with
    length_years: Decimal  # the sum of the yearly pro-rata factors
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


def settle_tenure(
    annual_targets: Mapping[int, Any],
    year_fractions: Mapping[int, YearFraction | Decimal],
    appraisal: TenureResult,
    retained_by_year: Mapping[int, Any],
    params: PolicyParameters | Mapping[str, Any] | None,
    ended_by: str | None = None,
) -> TenureSettlement:
    """Settle the tenure once its appraisal is final.

    `annual_targets` {year: base + performance, annual}, `year_fractions` {year: pro-rata factor} for the same
    years, `appraisal` the tenure appraisal's result as sent (grade, coefficient), `retained_by_year` {year:
    amount held back}. `ended_by` is None or "expired" / "renewed" for a tenure that ran its term, "terminated"
    for a removal (for performance or misconduct): then neither the incentive nor the retained pay is paid. An
    unqualified tenure forfeits both.
    """
    policy = PolicyParameters.of(params)
    forfeited_by = _forfeited_by(appraisal.grade, ended_by)
    length, target_pay = _length_and_target_pay(annual_targets, year_fractions)
    unrounded = target_pay * policy.tenure_incentive_pct / HUNDRED * appraisal.coefficient
    earned = round_money(unrounded)
    retained = sum((money(v, f"retained_by_year.{y}") for y, v in sorted(retained_by_year.items())), NO_MONEY)
    return TenureSettlement(
        annual_scores=tuple(sorted(appraisal.annual_totals.items())),
        coefficient_uncapped=appraisal.coefficient_uncapped, coefficient_cap=policy.tenure_coefficient_cap,
        tenure_coefficient=appraisal.coefficient,
        length_years=length, target_pay_over_tenure=target_pay, incentive_pct=policy.tenure_incentive_pct,
        incentive_unrounded=unrounded, incentive_earned=earned, tenure_grade=appraisal.grade, ended_by=ended_by,
        forfeited_by=forfeited_by, tenure_incentive=NO_MONEY if forfeited_by else earned, retained_total=retained,
        retained_released=NO_MONEY if forfeited_by else retained,
        retained_forfeited=retained if forfeited_by else NO_MONEY,
    )


def settle_tenure_of(start: date, end: date, exit_date: date | None, annual_target: Decimal,
                     retained_by_year: Mapping[int, Decimal], appraisal: TenureResult,
                     params: PolicyParameters | Mapping[str, Any] | None) -> TenureSettlement:
    """`settle_tenure` for a tenure from `start` to `end` (or its exit) with one plan throughout, over the years
    the tenure appraisal was computed from."""
    years = sorted(appraisal.annual_totals)
    fractions = {year: year_fraction(start, end, year, exit_date) for year in years}
    retained = {year: retained_by_year.get(year, NO_MONEY) for year in years}
    return settle_tenure({year: annual_target for year in years}, fractions, appraisal, retained, params)


def tenure_lines(settlement: TenureSettlement, appraisal_ref: str) -> tuple[LineDraft, ...]:
    """The incentive and the retained pay released, each a line when there is something to pay."""
    cause = Cause("tenure_appraisal", appraisal_ref)
    lines = ((TENURE_INCENTIVE, settlement.tenure_incentive, "tenure incentive"),
             (RETENTION_RELEASE, settlement.retained_released, "retained pay released"))
    return tuple(LineDraft(kind, amount, "tenure", cause, note) for kind, amount, note in lines if amount > ZERO)


def _forfeited_by(tenure_grade: str, ended_by: str | None) -> str | None:
    if tenure_grade not in TENURE_GRADES:
        raise InvalidInputError(
            "tenure_grade must be qualified or unqualified", field="tenure_grade", rule="known_tenure_grade"
        )
    if ended_by is not None and ended_by not in ENDINGS:
        raise InvalidInputError(f"ended_by must be one of {', '.join(ENDINGS)}", field="ended_by", rule="known_ending")
    return TERMINATED if ended_by == TERMINATED else TENURE_UNQUALIFIED if tenure_grade != QUALIFIED else None


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
