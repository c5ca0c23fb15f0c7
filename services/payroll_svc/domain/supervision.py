"""What supervisors measure of pay (DOMAIN.md "What supervisors measure"; 001 annex rows 11, 12): the
performance-pay share of the plans in force, by level, against the policy minimum, and the share of managers
whose pay followed an appraisal. Computed from pay accounts, without I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from shared.decimals import round_rate
from shared.domain.vocabulary import LEVELS

from .lines import PERFORMANCE, period_of

if TYPE_CHECKING:
    from .account import PayAccount


@dataclass(frozen=True)
class PlanOnDate:
    """What the supervisors' figures need of a plan in force: its level and pay, the minimum performance share for
    its level of its policy as in force that day, and whether its pay followed an appraisal by then. Small, so a
    group's plans are folded without holding their accounts."""

    level: str
    base: Decimal
    performance: Decimal
    minimum: Decimal
    followed: bool

    @classmethod
    def of(cls, account: PayAccount, minimum: Decimal, on: date) -> PlanOnDate:
        return cls(account.level, account.base, account.performance, minimum, followed_appraisal(account, on))

    @property
    def performance_share(self) -> Decimal:
        return self.performance / (self.base + self.performance)


@dataclass(frozen=True)
class LevelShare:
    """The plans in force at one level: their pooled performance share (Σ performance / Σ (base + performance)),
    the lowest plan's, the policy minimum in force (the strictest where plans follow several policies) and how
    many plans fall below their policy's minimum (a plan made before the policy raised it)."""

    level: str
    managers: int
    performance_share: Decimal
    lowest_share: Decimal
    minimum: Decimal
    below_minimum: int


@dataclass(frozen=True)
class PayFollowedAppraisal:
    """Of the managers with a plan in force, those paid performance pay settled from a final annual appraisal."""

    managers: int
    followed: int
    rate: Decimal | None


def in_force_on(account: PayAccount, on: date) -> bool:
    """The plan's tenure is in force on `on`: activated, begun, and neither over nor exited."""
    last = min(account.end, account.exit_date or account.end)
    return account.in_force and account.start <= on <= last


def shares_by_level(plans: Sequence[PlanOnDate]) -> list[LevelShare]:
    """One row per level that has a plan, in the vocabulary's order of levels."""
    rows = []
    for level in LEVELS:
        at_level = [p for p in plans if p.level == level]
        if not at_level:
            continue
        pooled = sum((p.performance for p in at_level), Decimal(0)) / sum((p.base + p.performance for p in at_level),
                                                                          Decimal(0))
        below = sum(1 for p in at_level if p.performance_share < p.minimum)
        rows.append(LevelShare(level, len(at_level), round_rate(pooled),
                               round_rate(min(p.performance_share for p in at_level)), max(p.minimum for p in at_level),
                               below))
    return rows


def followed_appraisal(account: PayAccount, on: date) -> bool:
    """A performance line settled from an annual appraisal, on a payslip up to `on`'s month."""
    return any(line.kind == PERFORMANCE and line.cause.type == "annual_appraisal" and line.period <= period_of(on)
               for line in account.lines)


def pay_followed_appraisal(plans: Sequence[PlanOnDate]) -> PayFollowedAppraisal:
    followed = sum(1 for p in plans if p.followed)
    rate = round_rate(Decimal(followed) / Decimal(len(plans))) if plans else None
    return PayFollowedAppraisal(len(plans), followed, rate)
