"""The appointment agreement's lifecycle (DOMAIN.md Lifecycle 2): reviewed, approved, signed by both, in force."""

from datetime import date

from services.contract_svc.domain import Tenure
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import active_tenure, open_tenure, refused


def approved() -> Tenure:
    tenure = open_tenure()
    tenure.review("党委", "党委会纪要3号", date(2022, 2, 10))
    tenure.approve("董事会决议5号", date(2022, 2, 15))
    return tenure


def test_agreement_goes_from_draft_through_review_approval_and_signatures_to_active() -> None:
    tenure = active_tenure()

    assert tenure.status == "active" and tenure.activated_on == date(2022, 3, 1)
    assert tenure.pre_review is not None and tenure.pre_review.reviewer == "党委"
    assert tenure.approval is not None and tenure.approval.decision_ref == "董事会决议〔2022〕5号"
    assert {s.party for s in tenure.agreement_signatures} == {"enterprise", "manager"}


def test_signing_a_draft_is_refused_saying_what_it_needs() -> None:
    tenure = open_tenure()

    error = refused(
        tenure, lambda: tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 20)), RuleViolationError
    )

    assert error.rule == "agreement_lifecycle"
    assert "the agreement is draft" in error.detail and "pre-review" in error.detail


def test_approval_needs_the_party_committee_pre_review_first() -> None:
    tenure = open_tenure()

    error = refused(tenure, lambda: tenure.approve("董事会决议5号", date(2022, 2, 15)), RuleViolationError)

    assert error.rule == "agreement_lifecycle"


def test_a_reviewed_agreement_is_not_reviewed_again() -> None:
    tenure = open_tenure()
    tenure.review("党委", "纪要3号", date(2022, 2, 10))

    error = refused(tenure, lambda: tenure.review("党委", "纪要4号", date(2022, 2, 11)), RuleViolationError)

    assert "the agreement is reviewed; next it needs approval" in error.detail


def test_agreement_is_signed_only_when_both_parties_have_signed() -> None:
    tenure = approved()

    tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 20))
    assert tenure.status == "approved"
    tenure.sign("赵磊", "middle_manager", "manager", date(2022, 2, 21))
    assert tenure.status == "signed"


def test_each_party_signs_the_agreement_once() -> None:
    tenure = approved()
    tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 20))

    error = refused(
        tenure, lambda: tenure.sign("李四", "general_manager", "enterprise", date(2022, 2, 21)), RuleViolationError
    )

    assert (error.field, error.rule) == ("party", "agreement_lifecycle")


def test_party_must_be_the_enterprise_or_the_manager() -> None:
    tenure = approved()

    error = refused(tenure, lambda: tenure.sign("王五", "union", "union", date(2022, 2, 20)), InvalidInputError)

    assert (error.field, error.rule) == ("party", "known_party")


def test_a_step_cannot_be_dated_before_the_step_it_follows() -> None:
    tenure = approved()

    error = refused(
        tenure, lambda: tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 14)), RuleViolationError
    )

    assert (error.field, error.rule) == ("signed_on", "date_order")


def test_activation_needs_both_signatures() -> None:
    tenure = approved()

    error = refused(tenure, lambda: tenure.activate(date(2022, 3, 1)), RuleViolationError)

    assert error.rule == "agreement_lifecycle"


def test_activation_falls_within_the_term() -> None:
    tenure = approved()
    tenure.sign("张三", "chairman", "enterprise", date(2022, 2, 20))
    tenure.sign("赵磊", "middle_manager", "manager", date(2022, 2, 20))

    error = refused(tenure, lambda: tenure.activate(date(2022, 2, 28)), RuleViolationError)

    assert (error.field, error.rule) == ("on", "activation_within_term")
