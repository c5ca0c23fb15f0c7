"""The arithmetic of the scoring rules (DOMAIN.md "Scoring rules"), on figures already checked.

Callers guarantee: targets (and the basic and striving tiers) are positive, and a lower-is-better actual
is not negative. The linear and deduct rules are evaluated as DOMAIN.md writes them: the completion first
(a Decimal of 28 significant digits), then the score from it. A completion that terminates keeps a score
ending in half a cent exact (30 × 1.0175 = 30.525 → 30.53); one that does not (12,250 / 12,000 =
1.0208333…) gives the score its 28 digits do (30 × 1.020833…3 = 30.6249…9 → 30.62). The tiered rule's
interpolation between tiers is one division.
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
    ratio = completion(actual, target, direction)
    return weight * cap if ratio is None else max(ZERO, weight * min(ratio, cap))


def gap(actual: Decimal, target: Decimal, direction: str, percent: bool) -> Decimal:
    """The deduct gap, 0 when reached: (1 − completion) × 100 for amounts, percentage points for percent KPIs."""
    if reached(actual, target, direction):
        return ZERO
    if percent:
        return target - actual if direction == "higher" else actual - target
    return (ONE - completion(actual, target, direction)) * HUNDRED


def deduct(
    base: Decimal, actual: Decimal, target: Decimal, direction: str, percent: bool, step: Decimal, penalty: Decimal
) -> Decimal:
    """base if reached, else base × max(0, 1 − (penalty / 100) × gap / step), proportional, not stepped."""
    shortfall = gap(actual, target, direction, percent)
    if shortfall == 0:
        return base
    return base * max(ZERO, ONE - penalty / HUNDRED * shortfall / step)


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
