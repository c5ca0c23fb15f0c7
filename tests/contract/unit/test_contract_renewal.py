"""Renewal (DOMAIN.md Lifecycle 7, 002 §三(一)2 and §五(一)): a new agreement, within the consecutive terms."""

from datetime import date

from services.contract_svc.domain import PolicyParameters, Tenure
from shared.errors import RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, active_tenure, agreement, open_tenure, refused


def renew(previous: Tenure, params: PolicyParameters = DEFAULTS, **overrides: object) -> Tenure:
    arguments: dict[str, object] = {
        "policy_id": previous.policy_id,
        "policy_version": 1,
        "params": params,
        "start": date(2025, 1, 1),
        "end": date(2027, 12, 31),
        "agreement": agreement(),
        **overrides,
    }
    return Tenure.renew(previous, **arguments)  # type: ignore[arg-type]


def test_renewal_opens_the_next_term_and_the_previous_one_closes_as_renewed() -> None:
    previous = active_tenure()

    following = renew(previous)

    assert (following.term_number, following.previous_tenure_id, following.status) == (2, previous.id, "draft")
    assert following.manager_id == previous.manager_id and previous.next_tenure_id == following.id
    previous.close_if_expired(date(2025, 1, 1))
    assert previous.ended_reason == "renewed"


def test_renewal_beyond_the_maximum_consecutive_terms_is_refused() -> None:
    third = active_tenure(term_number=3, previous_tenure_id=open_tenure().id)

    error = refused(third, lambda: renew(third), RuleViolationError)

    assert (error.field, error.rule) == ("term_number", "max_consecutive_terms")


def test_renewal_beyond_the_maximum_is_allowed_by_a_recorded_decision_with_a_reason() -> None:
    third = active_tenure(term_number=3, previous_tenure_id=open_tenure().id)

    fourth = renew(third, limit_decision_ref="集团党委〔2024〕8号", limit_reason="重大项目未完成")

    assert fourth.term_number == 4 and fourth.beyond_term_limit is not None


def test_unqualified_tenure_is_not_renewed() -> None:
    previous = active_tenure()
    previous.record_tenure_appraisal("65.40", "unqualified", date(2025, 3, 31))

    error = refused(previous, lambda: renew(previous), RuleViolationError)

    assert error.rule == "unqualified_tenure_not_renewed"


def test_terminated_tenure_is_not_renewed() -> None:
    previous = active_tenure()
    previous.terminate("严重违纪", "rigid_exit", ["党委", "董事会"], date(2023, 5, 1), date(2023, 5, 1), "决议12号")

    error = refused(previous, lambda: renew(previous), RuleViolationError)

    assert error.rule == "terminated_tenure_not_renewed"


def test_a_tenure_is_renewed_once() -> None:
    previous = active_tenure()
    renew(previous)

    error = refused(previous, lambda: renew(previous), RuleViolationError)

    assert error.rule == "already_renewed"


def test_only_an_active_tenure_is_renewed() -> None:
    draft = open_tenure()

    error = refused(draft, lambda: renew(draft), RuleViolationError)

    assert error.rule == "renewal_needs_active_tenure"


def test_the_renewed_term_starts_after_the_current_one() -> None:
    previous = active_tenure()

    error = refused(previous, lambda: renew(previous, start=date(2024, 12, 31)), RuleViolationError)

    assert (error.field, error.rule) == ("start", "renewal_starts_after_previous")
