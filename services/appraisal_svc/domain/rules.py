"""The arithmetic of the scoring rules (DOMAIN.md "Scoring rules"), on figures already checked.

Callers guarantee: targets (and the basic and striving tiers) are positive, and a lower-is-better actual
is not negative. Each score is computed with a single final division, so a score whose exact value ends
in a half cent (e.g. 30 × 1/240 = 0.125) stays exact and rounds as the rule says.
"""

from __future__ import annotations

from decimal import Decimal

from .figures import HUNDRED, ONE, ZERO

BASIC_FACTOR = Decimal("0.8")
STRIVING_FACTOR = ONE
CHALLENGE_FACTOR = Decimal("1.2")


def reached(actual: Decimal, target: Decimal, direction: str) -> bool:
    """Met: actual ≥ target (higher is better) or actual ≤ target (lower is better)."""
    return actual >= target if direction == "higher" else actual <= target


def completion(actual: Decimal, target: Decimal, direction: str) -> Decimal | None:
    """actual / target or target / actual; None when a lower-is-better actual of 0 makes it unbounded."""
    if direction == "higher":
        return actual / target
    return None if actual == 0 else target / actual


def linear(weight: Decimal, actual: Decimal, target: Decimal, direction: str, cap: Decimal) -> Decimal:
    """w × min(completion, cap), and never below 0 (a loss against a profit target scores 0)."""
    if direction == "higher":
        if actual >= cap * target:
            return weight * cap
        return max(ZERO, weight * actual / target)
    if actual == 0 or target >= cap * actual:
        return weight * cap
    return weight * target / actual


def shortfall(actual: Decimal, target: Decimal, direction: str, percent: bool) -> tuple[Decimal, Decimal]:
    """The deduct gap as a fraction (numerator, denominator) with gap = 100 × numerator / denominator.

    Amounts: gap = (1 − completion) × 100. Percent KPIs: gap = the shortfall in percentage points.
    Zero when the target is reached.
    """
    if reached(actual, target, direction):
        return ZERO, ONE
    difference = target - actual if direction == "higher" else actual - target
    if percent:
        return difference, HUNDRED
    return difference, target if direction == "higher" else actual


def gap(actual: Decimal, target: Decimal, direction: str, percent: bool) -> Decimal:
    """The deduct gap: % of the target for amounts, percentage points for percent KPIs; 0 when reached."""
    numerator, denominator = shortfall(actual, target, direction, percent)
    return ZERO if numerator == 0 else HUNDRED * numerator / denominator


def deduct(
    base: Decimal, actual: Decimal, target: Decimal, direction: str, percent: bool, step: Decimal, penalty: Decimal
) -> Decimal:
    """base if reached, else base × max(0, 1 − (penalty / 100) × gap / step), proportional, not stepped."""
    numerator, denominator = shortfall(actual, target, direction, percent)
    if numerator == 0:
        return base
    # 1 − (p/100) × (100 n / d) / s = (d s − p n) / (d s)
    remaining = denominator * step - penalty * numerator
    return max(ZERO, base * remaining / (denominator * step))


def tiered(
    weight: Decimal,
    actual: Decimal,
    tiers: tuple[Decimal, Decimal, Decimal],
    direction: str,
    percent: bool,
    step: Decimal,
    penalty: Decimal,
) -> tuple[Decimal, str]:
    """(score, band): 0.8 w at basic, w at striving, 1.2 w at challenge or beyond, linear in between;
    below basic, 0.8 w reduced by the deduct rule measured against the basic target."""
    basic, striving, challenge = tiers
    if reached(actual, challenge, direction):
        return weight * CHALLENGE_FACTOR, "challenge"
    if reached(actual, striving, direction):
        return _between(weight, actual, striving, challenge, STRIVING_FACTOR, CHALLENGE_FACTOR), "striving"
    if reached(actual, basic, direction):
        return _between(weight, actual, basic, striving, BASIC_FACTOR, STRIVING_FACTOR), "basic"
    return deduct(weight * BASIC_FACTOR, actual, basic, direction, percent, step, penalty), "below_basic"


def _between(
    weight: Decimal, actual: Decimal, low: Decimal, high: Decimal, low_factor: Decimal, high_factor: Decimal
) -> Decimal:
    # w × (f_low + (f_high − f_low) × (a − low) / (high − low)), as one division; holds for either direction.
    span = high - low
    return weight * (low_factor * span + (high_factor - low_factor) * (actual - low)) / span


def rated(weight: Decimal, ratings: tuple[Decimal, ...]) -> Decimal:
    """mean rating × w / 100."""
    return sum(ratings, ZERO) * weight / (len(ratings) * HUNDRED)
