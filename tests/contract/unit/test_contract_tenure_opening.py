"""Opening a tenure (DOMAIN.md Lifecycle 2, 002 §三(一)1 and 职业经理人 §四(一)1)."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from services.contract_svc.domain import PolicyParameters
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import agreement, open_tenure


def refusal(error: type[Exception] = RuleViolationError, **overrides: object) -> tuple[str | None, str | None]:
    with pytest.raises(error) as raised:
        open_tenure(**overrides)
    return raised.value.field, raised.value.rule  # type: ignore[attr-defined]


def test_tenure_opens_as_a_draft_first_term() -> None:
    tenure = open_tenure()

    assert (tenure.status, tenure.term_number, tenure.previous_tenure_id) == ("draft", 1, None)
    assert tenure.terms.pay.base == 200000 and tenure.terms.pay.performance_share == Decimal("0.6")
    assert tenure.original_end == tenure.end and tenure.exit_decisions == {}


def test_tenure_longer_than_three_years_is_refused() -> None:
    assert refusal(end=date(2027, 2, 28)) == ("end", "tenure_length")


def test_three_years_run_to_the_day_before_the_third_anniversary() -> None:
    assert open_tenure(end=date(2025, 2, 28)).end == date(2025, 2, 28)
    assert refusal(end=date(2025, 3, 1)) == ("end", "tenure_length")


def test_tenure_shorter_than_two_years_is_refused() -> None:
    assert refusal(end=date(2023, 12, 31)) == ("end", "tenure_length")


def test_tenure_must_end_after_it_starts() -> None:
    assert refusal(end=date(2022, 3, 1)) == ("end", "term_dates")


def test_professional_manager_term_has_its_own_maximum_and_no_minimum() -> None:
    professional = {"level": "professional", "position": "professional_manager"}
    params = PolicyParameters.from_dict({"max_professional_tenure_years": 2})

    assert open_tenure(**professional, end=date(2023, 2, 28)).level == "professional"
    assert refusal(**professional, params=params, end=date(2024, 3, 1)) == ("end", "tenure_length")


def test_probation_is_for_professional_managers_only() -> None:
    assert refusal(probation_months=3) == ("probation_months", "probation_professional_only")


def test_probation_is_at_most_the_policy_maximum() -> None:
    professional = {"level": "professional", "position": "professional_manager"}

    assert open_tenure(**professional, probation_months=6).probation_months == 6
    assert refusal(**professional, probation_months=7) == ("probation_months", "max_probation_months")


def test_pay_plan_below_the_minimum_performance_share_is_refused() -> None:
    # Middle managers need 50 %: 200000 + 150000 gives 42.86 %.
    assert refusal(agreement=agreement(performance="150000")) == ("agreement.pay.performance", "min_performance_share")


def test_leadership_needs_the_higher_performance_share() -> None:
    leader = {"level": "leadership", "position": "deputy_general_manager"}

    assert refusal(**leader, agreement=agreement("250000", "250000"))[1] == "min_performance_share"
    assert open_tenure(**leader, agreement=agreement("200000", "300000")).level == "leadership"


def test_pay_is_money_to_the_cent() -> None:
    assert refusal(InvalidInputError, agreement=agreement(base="200000.005")) == ("agreement.pay.base", "money")


def test_every_agreement_term_is_required() -> None:
    terms = agreement()
    del terms["accountability"]

    assert refusal(InvalidInputError, agreement=terms) == ("agreement.accountability", "required")


def test_a_term_past_the_consecutive_maximum_needs_a_recorded_decision() -> None:
    assert refusal(term_number=4, previous_tenure_id=uuid4()) == ("term_number", "max_consecutive_terms")

    allowed = open_tenure(
        term_number=4,
        previous_tenure_id=uuid4(),
        limit_decision_ref="集团党委〔2025〕2号",
        limit_reason="重点项目攻坚期",
    )
    assert allowed.beyond_term_limit == {"decision_ref": "集团党委〔2025〕2号", "reason": "重点项目攻坚期"}


def test_a_tenure_following_another_is_not_a_first_term() -> None:
    assert refusal(InvalidInputError, previous_tenure_id=uuid4()) == ("term_number", "term_number")
