"""Clawback (追索扣回) and corrections of a paid year (DOMAIN.md "Pay", "Audit"): new lines, never edits."""

from decimal import Decimal

from services.payroll_svc.domain import clawback_plan, correction_lines
from tests.payroll.unit.payroll_builders import refused

D = Decimal
LATER = {"2025-01": D("16666.67"), "2025-02": D("16666.67"), "2025-03": D("16666.67")}


def test_a_clawback_is_recovered_from_later_payments_in_their_order() -> None:
    plan = clawback_plan(D("20000.00"), D("0"), LATER, paid=D("377260.28"))

    assert [(d.payment, d.recovered, d.left_to_pay) for d in plan.deductions] == [
        ("2025-01", D("16666.67"), D("0.00")),
        ("2025-02", D("3333.33"), D("13333.34")),
    ]
    assert (plan.recovered, plan.owed_after) == (D("20000.00"), D("0.00"))


def test_what_later_payments_cannot_cover_stays_owed() -> None:
    plan = clawback_plan(D("60000.00"), D("0"), LATER, paid=D("377260.28"))

    assert (plan.recovered, plan.owed_after) == (D("50000.01"), D("9999.99"))
    assert clawback_plan(D("100.00"), D("0"), {}, paid=D("100.00")).owed_after == D("100.00")


def test_what_was_owed_before_is_recovered_with_the_new_clawback() -> None:
    plan = clawback_plan(D("1000.00"), D("9999.99"), LATER, paid=D("1000.00"))

    assert (plan.to_recover, plan.recovered, plan.owed_after) == (D("10999.99"), D("10999.99"), D("0.00"))


def test_a_clawback_above_what_was_paid_is_refused() -> None:
    assert refused(clawback_plan, D("377260.29"), D("0"), LATER, paid=D("377260.28")) == (
        "amount",
        "clawback_within_paid",
    )


def test_a_clawback_must_be_a_positive_amount() -> None:
    assert refused(clawback_plan, D("0"), D("0"), LATER, paid=D("100")) == ("amount", "positive_amount")
    assert refused(clawback_plan, D("1"), D("-1"), LATER, paid=D("100")) == ("owed_before", "non_negative_amount")


def test_a_correction_upwards_is_an_arrears_line() -> None:
    (line,) = correction_lines(
        D("251506.85"), D("377260.28"), "grade corrected after objection", "2022/M01/performance"
    )

    assert (line.kind, line.amount, line.paid_before, line.now_due) == (
        "arrears",
        D("125753.43"),
        D("251506.85"),
        D("377260.28"),
    )
    assert (line.reason, line.corrects) == ("grade corrected after objection", "2022/M01/performance")


def test_a_correction_downwards_is_a_negative_recovery_line() -> None:
    (line,) = correction_lines(D("100000.02"), D("99178.08"), "exit on 2023-06-30", "2023/M01/base")

    assert (line.kind, line.amount) == ("recovery", D("-821.94"))


def test_a_correction_that_changes_nothing_adds_no_line_and_needs_a_reason() -> None:
    assert correction_lines(D("300000.00"), D("300000"), "recheck", "2023/M01/performance") == ()
    assert refused(correction_lines, D("1"), D("2"), " ", "2023/M01/base") == ("reason", "reason_required")
    assert refused(correction_lines, D("1"), D("2"), "why", "") == ("corrects", "corrects_required")
