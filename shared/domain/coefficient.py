"""The tenure coefficient (DOMAIN.md "Pay"): the product of the yearly coefficients, score / 100 each
("三年得分连乘"), capped by the policy and rounded to 4 decimals before it is used. The appraisal service
computes it with the tenure appraisal and sends it; payroll pays with the figure it is sent."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from shared.decimals import round_rate

HUNDRED = Decimal(100)


def tenure_coefficient_uncapped(annual_totals: Mapping[int, Decimal]) -> Decimal:
    """The exact product of total / 100 over the years, in year order."""
    product = Decimal(1)
    for year in sorted(annual_totals):
        product *= annual_totals[year] / HUNDRED
    return product


def tenure_coefficient(annual_totals: Mapping[int, Decimal], cap: Decimal) -> Decimal:
    """The product capped at `cap`, rounded to 4 decimals."""
    return round_rate(min(tenure_coefficient_uncapped(annual_totals), cap))
