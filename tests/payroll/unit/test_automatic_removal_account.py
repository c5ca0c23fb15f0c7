"""一重's automatic removal on the pay account itself: the annual result and the removal may reach payroll in either
order (shared/delivery), and the appraised year ends up forfeited either way; the account replays from its
stored events with the removal it recorded; a termination learned after runs paid base past it recovers that
base too."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from services.payroll_svc.domain.account import PayAccount
from services.payroll_svc.domain.plan import KnownTenure
from shared.domain.messages import RemovalByRule
from shared.eventstore.codec import mapper
from tests.payroll.unit.payroll_builders import END, START, D, policy

ON = date(2023, 3, 15)
BY_RULE = RemovalByRule(rule="removal_floor", year=2022, policy_version=1, living_allowance_monthly=D("3000"))


def planned() -> PayAccount:
    tenure = KnownTenure(uuid4(), uuid4(), uuid4(), "middle", "active", START, END, uuid4())
    return PayAccount.plan(tenure, D("200000"), D("200000"), 1, policy(retention_pct="25"))


def settle_2022(account: PayAccount) -> None:
    account.settle_year(2022, D("85.70"), "qualified", "final-2022", ON)


def remove(account: PayAccount) -> None:
    account.record_exit(ON, "terminated", True, "removal", BY_RULE)


def paid_for(account: PayAccount, year: str) -> D:
    return sum((line.amount for line in account.lines if line.for_period == year), D("0.00"))


def test_the_appraised_year_is_forfeited_whether_its_result_or_the_removal_arrives_first() -> None:
    result_first, removal_first = planned(), planned()
    settle_2022(result_first)
    remove(result_first)
    remove(removal_first)
    settle_2022(removal_first)
    for account in (result_first, removal_first):
        settled = account.settlements[2022]
        assert (settled.earned, settled.performance_paid_now, settled.retained, settled.forfeited_by) == (
            D("167671.23"), D("0.00"), D("0.00"), "terminated_for_cause")  # 200,000 × 306 / 365, qualified × 1.0
        assert paid_for(account, "2022") == D("0.00")
    # paid 125,753.42 and recovered, or settled at nothing: the same in the end
    assert [line.amount for line in result_first.lines if line.for_period == "2022"] == [D("125753.42"),
                                                                                         D("-125753.42")]
    assert [line.amount for line in removal_first.lines if line.for_period == "2022"] == [D("0.00")]


def test_a_removal_replays_from_its_stored_events() -> None:
    account = planned()
    settle_2022(account)
    remove(account)
    allowance = account.pay_living_allowance("2023-04", "run-2023-04")
    assert [(line.for_period, line.amount) for line in allowance] == [("2023-03", D("1548.39")),  # 3,000 × 16 / 31
                                                                      ("2023-04", D("3000.00"))]
    stored = [mapper().to_stored_event(event) for event in account.collect_events()]
    replayed = None
    for event in (mapper().to_domain_event(s) for s in stored):
        replayed = event.mutate(replayed)
    assert isinstance(replayed, PayAccount)
    assert (replayed.exit, replayed.lines, replayed.settlements) == (account.exit, account.lines, account.settlements)
    assert replayed.exit is not None and replayed.exit.removal is not None
    assert (replayed.exit.removal.year, replayed.exit.removal.until) == (2022, END)


def test_base_paid_past_a_termination_is_recovered_when_it_is_learned() -> None:
    account = planned()
    for period in ("2023-01", "2023-02", "2023-03", "2023-04"):
        account.pay_base(period, f"run-{period}")  # 16,666.67 each
    account.record_exit(date(2023, 3, 31), "terminated", False, "adjustment")  # not for cause, no removal
    recovered = [line for line in account.lines if line.kind == "recovery"]
    # 200,000 × 90 / 365 = 49,315.07 through 31 March: March due 49,315.07 − 33,333.34 = 15,981.73, paid 16,666.67
    assert [(line.for_period, line.amount) for line in recovered] == [("2023-03", D("-684.94")),
                                                                      ("2023-04", D("-16666.67"))]
    assert account.pay_base("2023-05", "run-2023-05") is None and account.pay_living_allowance("2023-05", "r") == []
