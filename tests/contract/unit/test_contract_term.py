"""The term of a tenure (DOMAIN.md Lifecycle 7, 002 §五(一)): extension by decision, expiry, final result."""

from datetime import date
from decimal import Decimal

from services.contract_svc.domain import PerformanceLetter
from shared.errors import RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, active_tenure, open_tenure, refused


def test_extension_needs_a_recorded_decision_and_a_reason() -> None:
    tenure = active_tenure()

    missing_ref = refused(
        tenure,
        lambda: tenure.extend(date(2025, 6, 30), "", "重组过渡", date(2024, 11, 1), DEFAULTS),
        RuleViolationError,
    )
    missing_reason = refused(
        tenure, lambda: tenure.extend(date(2025, 6, 30), "决议9号", "", date(2024, 11, 1), DEFAULTS), RuleViolationError
    )

    assert (missing_ref.rule, missing_reason.rule) == ("recorded_decision", "reason_required")


def test_extensions_total_at_most_the_policy_months() -> None:
    tenure = active_tenure()
    tenure.extend(date(2025, 6, 30), "决议9号", "重组过渡", date(2024, 11, 1), DEFAULTS)

    error = refused(
        tenure,
        lambda: tenure.extend(date(2026, 1, 31), "决议10号", "再延", date(2025, 5, 1), DEFAULTS),
        RuleViolationError,
    )

    assert (error.field, error.rule) == ("new_end", "extension_limit")
    tenure.extend(date(2025, 12, 31), "决议10号", "再延", date(2025, 5, 1), DEFAULTS)
    assert tenure.end == date(2025, 12, 31) and [e.new_end for e in tenure.extensions] == [
        date(2025, 6, 30),
        date(2025, 12, 31),
    ]


def test_extension_moves_the_end_later() -> None:
    tenure = active_tenure()

    error = refused(
        tenure,
        lambda: tenure.extend(date(2024, 6, 30), "决议9号", "缩短", date(2024, 1, 1), DEFAULTS),
        RuleViolationError,
    )

    assert error.rule == "extension_later_end"


def test_extended_term_takes_an_annual_letter_for_its_new_year() -> None:
    tenure = active_tenure()
    tenure.extend(date(2025, 6, 30), "决议9号", "重组过渡", date(2024, 11, 1), DEFAULTS)

    letter = PerformanceLetter.issue(
        tenure, [], "annual", 2025, [{"code": "r", "name": "收入", "weight": 100, "rule": "linear", "target": 1}],
        DEFAULTS,
    )

    assert letter.key == "annual-2025"


def test_active_tenure_past_its_end_without_renewal_expires() -> None:
    tenure = active_tenure()

    assert tenure.close_if_expired(date(2024, 12, 31)) is False
    assert tenure.close_if_expired(date(2025, 1, 1)) is True
    assert (tenure.status, tenure.ended_reason, tenure.ended_on) == ("ended", "expired", date(2024, 12, 31))
    assert tenure.close_if_expired(date(2025, 1, 2)) is False


def test_a_tenure_never_put_in_force_does_not_expire() -> None:
    tenure = open_tenure()

    assert tenure.close_if_expired(date(2030, 1, 1)) is False and tenure.status == "draft"


def test_tenure_appraisal_is_recorded_and_a_correction_says_why() -> None:
    tenure = active_tenure()
    tenure.record_tenure_appraisal("82.15", "qualified", date(2025, 3, 31), "任期考核〔2025〕1号")

    error = refused(
        tenure, lambda: tenure.record_tenure_appraisal("80", "qualified", date(2025, 4, 30)), RuleViolationError
    )
    tenure.record_tenure_appraisal("80.00", "qualified", date(2025, 4, 30), correction_reason="审计调整利润")

    assert (error.field, error.rule) == ("correction_reason", "reason_required")
    assert tenure.tenure_appraisal is not None and tenure.tenure_appraisal.score == Decimal("80.00")
