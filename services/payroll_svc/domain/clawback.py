"""Clawback (追索扣回, DOMAIN.md "Pay"): recover pay already paid from later payments, or record it as owed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.errors import InvalidInputError, RuleViolationError

from .figures import money, positive_money, require_amounts
from .lines import CLAWBACK, Cause, LineDraft, parse_period


@dataclass(frozen=True)
class Deduction:
    """What a clawback takes from one later payment line, and what is left of that line to pay."""

    payment: str
    available: Decimal
    recovered: Decimal
    left_to_pay: Decimal


@dataclass(frozen=True)
class ClawbackPlan:
    """How the amount to recover (this clawback plus what was owed before) is taken, and what stays owed."""

    amount: Decimal
    paid: Decimal
    owed_before: Decimal
    to_recover: Decimal
    deductions: tuple[Deduction, ...]
    recovered: Decimal
    owed_after: Decimal


def clawback_plan(amount: Any, owed_before: Any, available_payments: Mapping[str, Any], paid: Any) -> ClawbackPlan:
    """Take `owed_before + amount` from the later payments in their order, each at most down to 0.

    `paid` is what was paid for the period the clawback decision covers, net of earlier clawbacks of it; a
    clawback above it is refused (rule "clawback_within_paid"). `available_payments` is {payment reference:
    amount payable}, in the order they will be paid. What the payments cannot cover stays owed.
    """
    clawback = positive_money(amount, "amount")
    paid_amount = money(paid, "paid")
    if clawback > paid_amount:
        raise RuleViolationError(
            f"a clawback of {clawback} exceeds the {paid_amount} paid for the period",
            field="amount",
            rule="clawback_within_paid",
        )
    owed = money(owed_before, "owed_before")
    if not isinstance(available_payments, Mapping):
        raise InvalidInputError(
            "available_payments must be an object of payment: amount", field="available_payments", rule="mapping"
        )
    remaining = owed + clawback
    deductions = []
    for payment, value in available_payments.items():
        available = money(value, f"available_payments.{payment}")
        recovered = min(available, remaining)
        if recovered > 0:
            deductions.append(Deduction(str(payment), available, recovered, available - recovered))
            remaining -= recovered
    return ClawbackPlan(
        amount=clawback,
        paid=paid_amount,
        owed_before=owed,
        to_recover=owed + clawback,
        deductions=tuple(deductions),
        recovered=owed + clawback - remaining,
        owed_after=remaining,
    )


def clawback_line(amount: Decimal, reason: str, decision_ref: str, period: str, paid: Decimal) -> LineDraft:
    """A recorded decision to recover pay already paid (`paid` in all, net of what is owed), as a negative line
    on `period`; what that payslip cannot cover becomes owed (owed.py)."""
    require_amounts(amount=amount)
    parse_period(period)
    if not reason.strip():
        raise RuleViolationError("a clawback says why", field="reason", rule="reason_required")
    if not decision_ref.strip():
        raise RuleViolationError("a clawback names the decision it rests on", field="decision_ref",
                                 rule="decision_ref_required")
    if amount <= 0:
        raise RuleViolationError("a clawback is a positive amount", field="amount", rule="positive_amount")
    if amount > paid:
        raise RuleViolationError(f"a clawback of {amount} exceeds the {paid} paid", field="amount",
                                 rule="clawback_within_paid")
    return LineDraft(CLAWBACK, -amount, period, Cause("clawback_decision", decision_ref.strip()), reason)
