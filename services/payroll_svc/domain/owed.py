"""Owed pay (DOMAIN.md "Changes after the fact", clawback): what a payslip cannot cover is owed, and recovered
from later payments. A payslip never pays less than nothing: when a clawback or a recovery takes its total below
0, an `owed` line brings it back to 0 and carries the rest as a debt; each later payment is then reduced by an
`owed_recovery` line until the debt is paid. The owed balance is the sum of those two kinds of line."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .figures import NO_MONEY
from .lines import OWED, OWED_RECOVERY, LineDraft, PaymentLine, new_line

OWED_KINDS = (OWED, OWED_RECOVERY)


def owed_balance(lines: Iterable[PaymentLine], through: str | None = None) -> Decimal:
    """What is still owed, after the payslips up to `through` (a period) when told, else after all of them."""
    return sum((line.amount for line in lines if line.kind in OWED_KINDS and (through is None or line.period <= through)),
               NO_MONEY)


def covering_line(lines: tuple[PaymentLine, ...], added: PaymentLine) -> LineDraft | None:
    """After `added` went on its payslip: the owed line when the payslip's total fell below 0, or the recovery
    of what is owed from what the payslip pays; None when there is nothing to carry or to recover."""
    if added.kind in OWED_KINDS:
        return None
    total = sum((line.amount for line in lines if line.period == added.period), NO_MONEY)
    if total < 0:
        return LineDraft(OWED, -total, added.period, added.cause,
                         f"owed: what the {added.period} payslip cannot cover, recovered from later payments",
                         corrects=added.line_id)
    owed, debt = owed_balance(lines), _oldest_debt(lines)
    if total == 0 or owed <= 0 or debt is None:
        return None
    return LineDraft(OWED_RECOVERY, -min(owed, total), added.period, debt.cause,
                     f"owed pay recovered (owed since {debt.period})", corrects=debt.line_id)


def with_covering(lines: tuple[PaymentLine, ...], closed: Iterable[str], draft: LineDraft, period: str,
                  policy_version: int) -> list[PaymentLine]:
    """The account's next line from `draft`, and after it the line that covers its payslip, if one does."""
    line = new_line(lines, closed, draft, period, policy_version)
    covering = covering_line((*lines, line), line)
    if covering is None:
        return [line]
    return [line, new_line((*lines, line), closed, covering, line.period, policy_version)]


def _oldest_debt(lines: tuple[PaymentLine, ...]) -> PaymentLine | None:
    """The first owed line not yet recovered in full: recoveries pay the oldest debt first."""
    recovered = -sum((line.amount for line in lines if line.kind == OWED_RECOVERY), NO_MONEY)
    for line in (line for line in lines if line.kind == OWED):
        if recovered < line.amount:
            return line
        recovered -= line.amount
    return None
