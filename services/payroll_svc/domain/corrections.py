"""Correcting a year already paid (DOMAIN.md "Audit"): a new line for the difference, never an edit."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .figures import NO_MONEY, money, required_text
from .lines import ARREARS, PERFORMANCE, RECOVERY, RETENTION_RELEASE, TENURE_INCENTIVE, Cause, LineDraft, PaymentLine

if TYPE_CHECKING:
    from .records import TenureSettled, YearSettlement
    from .tenure import TenureSettlement


@dataclass(frozen=True)
class CorrectionLine:
    """Arrears (amount > 0, paid on top) or a recovery (amount < 0, to recover), naming what it corrects."""

    kind: str
    amount: Decimal
    paid_before: Decimal
    now_due: Decimal
    reason: str
    corrects: str


def correction_lines(paid: Any, now_due: Any, reason: str, corrects: str) -> tuple[CorrectionLine, ...]:
    """The line that brings `paid` to `now_due`: one arrears or one recovery line; none when they agree.

    `corrects` names the payment line (or period) corrected and `reason` says why; both are required. A
    recovery line is a debt: recover it like a clawback (`clawback_plan`) from later payments.
    """
    paid_amount = money(paid, "paid")
    due = money(now_due, "now_due")
    why = required_text(reason, "reason")
    what = required_text(corrects, "corrects")
    difference = due - paid_amount
    if difference == 0:
        return ()
    return (CorrectionLine(ARREARS if difference > 0 else RECOVERY, difference, paid_amount, due, why, what),)


def performance_line(earlier: YearSettlement | None, now: YearSettlement) -> LineDraft | None:
    """The year's performance pay as a line: paid when first settled; when settled again on a changed
    result, the difference as arrears or a recovery naming the line it corrects; nothing when unchanged."""
    cause = Cause("annual_appraisal", now.appraisal)
    if earlier is None:
        return LineDraft(PERFORMANCE, now.performance_paid_now, str(now.year), cause,
                         f"performance pay {now.year}: {now.grade}", policy_version=now.policy_version)
    note = f"performance pay {now.year} corrected: {earlier.grade} {earlier.total} → {now.grade} {now.total}"
    for line in correction_lines(earlier.performance_paid_now, now.performance_paid_now, note, earlier.line_id):
        return LineDraft(line.kind, line.amount, str(now.year), cause, note, earlier.line_id, now.policy_version)
    return None


def tenure_corrections(earlier: TenureSettled, now: TenureSettlement, lines: tuple[PaymentLine, ...],
                       cause: Cause) -> tuple[LineDraft, ...]:
    """A tenure already settled, settled again: the difference in the incentive and in the retained pay
    released, each as arrears or a recovery naming the line it corrects (the last line that paid it)."""
    drafts = []
    for kind, before, after in ((TENURE_INCENTIVE, earlier.tenure_incentive, now.tenure_incentive),
                                (RETENTION_RELEASE, earlier.retained_released, now.retained_released)):
        if after != before:
            last = latest_line(lines, kind)
            drafts.append(LineDraft(ARREARS if after > before else RECOVERY, after - before, "tenure", cause,
                                    f"{kind} corrected: {before} → {after}", last.line_id if last else None))
    return tuple(drafts)


def latest_line(lines: tuple[PaymentLine, ...], kind: str) -> PaymentLine | None:
    """The line that last paid a figure: the first of `kind`, or the latest arrears or recovery correcting it."""
    current = next((line for line in lines if line.kind == kind), None)
    while current is not None:
        after = next((line for line in lines if line.corrects == current.line_id and line.kind in (ARREARS, RECOVERY)),
                     None)
        if after is None:
            return current
        current = after
    return None


def retained_revised(earlier: TenureSettled, settlements: Mapping[int, YearSettlement]) -> TenureSettled:
    """The tenure settlement with the retained pay of its years as they now stand: it follows a revised year."""
    total = sum((settlements[year].retained for year, _ in earlier.annual_scores if year in settlements), NO_MONEY)
    forfeited = earlier.forfeited_by is not None
    return dataclasses.replace(earlier, retained_total=total, retained_released=NO_MONEY if forfeited else total,
                               retained_forfeited=total if forfeited else NO_MONEY)
