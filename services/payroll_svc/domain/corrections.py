"""Correcting a year already paid (DOMAIN.md "Audit"): a new line for the difference, never an edit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .figures import money, required_text
from .lines import ARREARS, PERFORMANCE, RECOVERY, Cause, LineDraft

if TYPE_CHECKING:
    from .records import YearSettlement


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
