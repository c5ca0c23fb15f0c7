"""A tenure appraisal recorded before it kept the tenure sheet's inputs and its policy parameters still replays,
and a revision of one of its years after final appraises it again on the revising group's parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

from services.appraisal_svc.domain.outcomes import TenureAppraisal
from shared.eventstore.codec import mapper

D = Decimal
PARAMETERS = {"exit_score_floor": "70", "tenure_coefficient_cap": "2.0"}


def recorded_before_issue_12() -> TenureAppraisal:
    """Appraised on 98.60, 81.50, 97.60, its Recorded event stored without the attributes added since."""
    appraised = TenureAppraisal.appraise(uuid4(), uuid4(), {2022: D("98.60"), 2023: D("81.50"), 2024: D("97.60")},
                                         PARAMETERS, uuid4(), 1, date(2025, 3, 1))
    [recorded] = appraised.collect_events()
    for name in ("sheet_inputs", "parameters"):
        del recorded.__dict__[name]
    return mapper().to_domain_event(mapper().to_stored_event(recorded)).mutate(None)


def test_a_tenure_appraisal_recorded_before_issue_12_replays_and_is_revised_on_the_groups_parameters() -> None:
    old = recorded_before_issue_12()
    assert (old.parameters, old.sheet_inputs, old.revisions, old.result["score"]) == (None, None, (), D("92.57"))

    old.revise(2023, D("96.50"), "审计调整", "决议3号", date(2025, 6, 15), PARAMETERS)

    # (98.60 + 96.50 + 97.60) / 3 = 97.5666… → 97.57; 0.986 × 0.965 × 0.976 = 0.92865424 → 0.9287
    assert (old.result["score"], old.result["coefficient"], old.final_on) == (D("97.57"), D("0.9287"), date(2025, 3, 1))
    assert [r["year"] for r in old.revisions] == [2023]


def test_a_revision_that_leaves_the_annual_total_as_it_was_records_nothing() -> None:
    old = recorded_before_issue_12()
    old.revise(2023, D("81.50"), "审计复核", "决议4号", date(2025, 6, 15), PARAMETERS)
    assert old.collect_events() == [] and old.revisions == ()
