"""Early end of a tenure (DOMAIN.md "Warnings and exit", 002 §四(四), 004 §四): only by recorded decision."""

from datetime import date

from services.contract_svc.domain import PerformanceLetter
from shared.errors import InvalidInputError, RuleViolationError
from tests.contract.unit.contract_builders import DEFAULTS, active_tenure, proposal, proposed_tenure, refused, sheet

MAKERS = ["党委会", "董事会", "职工代表大会"]


def test_termination_ends_the_tenure_with_its_mode_and_decision() -> None:
    tenure = active_tenure()

    tenure.terminate(
        "年度考核不合格", "flexible_adjustment", MAKERS, date(2023, 4, 1), date(2023, 4, 15), "董事会决议12号"
    )

    assert (tenure.status, tenure.ended_reason, tenure.ended_on) == ("ended", "terminated", date(2023, 4, 15))
    assert tenure.termination is not None and tenure.termination.mode == "flexible_adjustment"
    assert tenure.termination.decision_makers == tuple(MAKERS)


def test_termination_needs_its_decision_makers() -> None:
    tenure = active_tenure()

    error = refused(
        tenure,
        lambda: tenure.terminate("不胜任", "rigid_exit", [], date(2023, 4, 1), date(2023, 4, 1), "决议12号"),
        RuleViolationError,
    )

    assert (error.field, error.rule) == ("decision_makers", "decision_makers_required")


def test_termination_mode_is_rigid_exit_or_flexible_adjustment() -> None:
    tenure = active_tenure()

    error = refused(
        tenure,
        lambda: tenure.terminate("不胜任", "dismissal", MAKERS, date(2023, 4, 1), date(2023, 4, 1), "决议12号"),
        InvalidInputError,
    )

    assert (error.field, error.rule) == ("mode", "known_exit_mode")


def test_termination_takes_effect_no_earlier_than_its_decision() -> None:
    tenure = active_tenure()

    error = refused(
        tenure,
        lambda: tenure.terminate("不胜任", "rigid_exit", MAKERS, date(2023, 4, 1), date(2023, 3, 1), "决议12号"),
        RuleViolationError,
    )

    assert error.rule == "date_order"


def test_an_ended_tenure_takes_no_further_command() -> None:
    tenure = active_tenure()
    tenure.terminate("不胜任", "rigid_exit", MAKERS, date(2023, 4, 1), date(2023, 4, 1), "决议12号")

    error = refused(tenure, lambda: PerformanceLetter.issue(tenure, [], "annual", 2024, sheet(), DEFAULTS),
                    RuleViolationError)

    assert error.rule == "tenure_ended"


def test_an_exit_decision_answers_a_proposal_received_for_this_tenure() -> None:
    tenure, other = proposed_tenure("p-1"), active_tenure()

    for received in (None, proposal(other, "p-1")):
        error = refused(tenure, lambda: tenure.decide_exit_proposal("p-1", received, "exit", None, MAKERS,
                                                                    date(2024, 3, 1)), RuleViolationError)
        assert (error.field, error.rule) == ("proposal_id", "known_proposal")


def test_exit_decision_ends_a_running_tenure() -> None:
    tenure = proposed_tenure("p-1")

    tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "exit", "连续两年不合格", MAKERS, date(2024, 3, 1), "董事会决议20号")

    assert (tenure.status, tenure.ended_reason) == ("ended", "terminated")
    assert tenure.termination is not None and tenure.termination.mode == "rigid_exit"
    assert tenure.termination.proposal_id == "p-1" and tenure.exit_decisions["p-1"].outcome == "exit"


def test_declining_an_exit_proposal_needs_a_reason() -> None:
    tenure = proposed_tenure("p-1")

    error = refused(
        tenure,
        lambda: tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "declined", None, MAKERS, date(2024, 3, 1)),
        RuleViolationError,
    )

    assert (error.field, error.rule) == ("reason", "reason_required")


def test_declined_exit_proposal_keeps_the_tenure_running() -> None:
    tenure = proposed_tenure("p-1")

    tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "declined", "客观因素导致，经研判继续留任", MAKERS, date(2024, 3, 1))

    assert tenure.status == "active" and tenure.exit_decisions["p-1"].reason == "客观因素导致，经研判继续留任"


def test_an_exit_proposal_is_decided_once() -> None:
    tenure = proposed_tenure("p-1")
    tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "declined", "留任观察", MAKERS, date(2024, 3, 1))

    error = refused(
        tenure, lambda: tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "exit", None, MAKERS, date(2024, 4, 1)), RuleViolationError
    )

    assert error.rule == "proposal_already_decided"


def test_exit_decided_after_the_tenure_expired_is_recorded_but_ends_nothing_more() -> None:
    tenure = proposed_tenure("p-9")
    tenure.close_if_expired(date(2025, 1, 1))

    tenure.decide_exit_proposal("p-9", proposal(tenure, "p-9"), "flexible_adjustment", "任期考核不合格", MAKERS, date(2025, 4, 1))

    assert (tenure.ended_reason, tenure.termination) == ("expired", None)
    assert tenure.exit_decisions["p-9"].outcome == "flexible_adjustment"
