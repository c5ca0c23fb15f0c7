"""A tenure appraisal revised after the tenure was settled (DOMAIN.md "Changes after the fact"): the difference
in the tenure incentive is paid or recovered by a new line naming the line it corrects; the lines paid stay.
On the account itself; through the APIs (the appraisal side's `TenureAppraisal.Revised` after a year's revision):
tests/payroll/api/test_revisions_after_settlement.py."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.plan import KnownTenure
from shared.decimals import round_money
from tests.payroll.unit.payroll_builders import END, POLICY, START, D, appraised, fractions

SCORES, REVISED = {2022: D("98.60"), 2023: D("98.60"), 2024: D("98.60")}, {2022: D("99.50"), 2023: D("98.60"),
                                                                            2024: D("98.60")}


def settled_tenure() -> PayAccount:
    tenure = KnownTenure(uuid4(), uuid4(), uuid4(), "middle", "active", START, END, uuid4())
    account = PayAccount.plan(tenure, D("200000"), D("200000"), 1, POLICY)
    for year, score in SCORES.items():
        account.settle_year(year, score, "qualified", f"final-{year}", date(year + 1, 3, 1))
    account.settle_tenure(appraised(SCORES), "tenure-final", date(2025, 3, 1))
    return account


def incentive(scores: dict[int, D]) -> D:
    """10 % of the annual target pay over the tenure's length × the coefficient, as DOMAIN.md "Pay" says."""
    length = sum((fraction.value for fraction in fractions().values()), D(0))
    return round_money(D("400000") * length * D("0.10") * appraised(scores).coefficient)


def test_a_revised_tenure_appraisal_pays_the_difference_in_the_incentive_as_arrears() -> None:
    account = settled_tenure()
    [paid] = [line for line in account.lines if line.kind == "tenure_incentive"]
    assert paid.amount == incentive(SCORES)
    account.settle_tenure(appraised(REVISED), "tenure-revised", date(2025, 7, 10))
    [arrears] = [line for line in account.lines if line.kind == "arrears"]
    assert (arrears.amount, arrears.corrects, arrears.period) == (incentive(REVISED) - paid.amount, paid.line_id,
                                                                  "2025-07")
    assert account.tenure_settlement is not None and account.tenure_settlement.tenure_incentive == incentive(REVISED)
    assert [line for line in account.lines if line.kind == "tenure_incentive"] == [paid]


def test_the_same_tenure_appraisal_twice_pays_once() -> None:
    account = settled_tenure()
    before = account.lines
    account.settle_tenure(appraised(SCORES), "tenure-final", date(2025, 3, 1))
    assert account.lines == before
