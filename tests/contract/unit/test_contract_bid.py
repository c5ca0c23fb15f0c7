"""Target bids (摘标, DOMAIN.md "target bid", 003): published targets and pay, taken by a signed confirmation."""

from datetime import date
from uuid import uuid4

import pytest

from services.contract_svc.domain import TargetBid
from shared.errors import RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, refused, replayed, sheet, state


def published(pay: dict[str, str] | None = None) -> TargetBid:
    return TargetBid.publish(
        uuid4(), "general_manager", "leadership", sheet(), pay or {"base": "300000", "performance": "500000"},
        DEFAULTS, date(2022, 1, 10),
    )  # fmt: skip


def test_bid_is_published_open_with_its_validated_sheet_and_pay() -> None:
    bid = published()

    assert bid.status == "open" and [k.code for k in bid.kpis] == ["revenue", "profit", "cost_rate", "party"]
    assert bid.pay.performance == 500000


def test_bid_sheet_follows_the_sheet_rules() -> None:
    kpis = sheet()[:2]

    with pytest.raises(RuleViolationError) as raised:
        TargetBid.publish(uuid4(), "general_manager", "leadership", kpis, {"base": "1", "performance": "2"}, DEFAULTS,
                          date(2022, 1, 10))  # fmt: skip
    assert raised.value.rule == "weights_sum_to_100"


def test_bid_pay_below_the_minimum_performance_share_is_refused() -> None:
    with pytest.raises(RuleViolationError) as raised:
        published({"base": "400000", "performance": "400000"})

    assert (raised.value.field, raised.value.rule) == ("pay.performance", "min_performance_share")


def test_declined_bid_stays_open_for_another_manager() -> None:
    bid = published()
    first, second = uuid4(), uuid4()

    bid.decline(first, "目标过高", date(2022, 1, 20))
    bid.accept(second, "摘标确认书〔2022〕1号", date(2022, 1, 25))

    assert [d.manager_id for d in bid.declines] == [first]
    assert (bid.status, bid.accepted_by, bid.accepted_on) == ("accepted", second, date(2022, 1, 25))


def test_declining_a_bid_needs_a_reason() -> None:
    bid = published()

    error = refused(bid, lambda: bid.decline(uuid4(), "", date(2022, 1, 20)), RuleViolationError)

    assert error.rule == "reason_required"


def test_responses_after_acceptance_are_refused() -> None:
    bid = published()
    bid.accept(uuid4(), "摘标确认书1号", date(2022, 1, 25))

    assert (
        refused(bid, lambda: bid.accept(uuid4(), "确认书2号", date(2022, 1, 26)), RuleViolationError).rule
        == "bid_closed"
    )
    assert (
        refused(bid, lambda: bid.decline(uuid4(), "晚了", date(2022, 1, 26)), RuleViolationError).rule == "bid_closed"
    )


def test_replay_rebuilds_the_same_bid() -> None:
    bid = published()
    bid.decline(uuid4(), "目标过高", date(2022, 1, 20))
    bid.accept(uuid4(), "摘标确认书1号", date(2022, 1, 25))
    expected = state(bid)

    assert state(replayed(bid)) == expected
