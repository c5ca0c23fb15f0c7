"""Exit decisions recorded before they carried an effective date, mode, decision makers and reference still
replay (events already stored in production): on both sides they took effect on the day of the decision."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from eventsourcing.domain import Aggregate

from services.appraisal_svc.domain.outcomes import ExitProposal
from shared.eventstore.codec import mapper
from tests.contract.unit.contract_builders import proposal, proposed_tenure

ADDED_SINCE = {  # by event: the attributes a decision gained with issue 12
    "ExitProposalDecided": ("effective_on",),  # the tenure's, on the contract side
    "Decided": ("mode", "decision_makers", "decision_ref", "effective_on"),  # the proposal's, on the appraisal side
}


def as_recorded_before(aggregate: Aggregate) -> Any:
    """The aggregate replayed from its events, each stripped of the attributes added since and stored."""
    rebuilt = None
    for domain_event in aggregate.collect_events():
        for name in ADDED_SINCE.get(type(domain_event).__name__, ()):
            del domain_event.__dict__[name]
        rebuilt = mapper().to_domain_event(mapper().to_stored_event(domain_event)).mutate(rebuilt)
    return rebuilt


def test_an_exit_decision_recorded_without_an_effective_date_ended_the_tenure_on_its_day() -> None:
    tenure = proposed_tenure("p-1")
    tenure.decide_exit_proposal("p-1", proposal(tenure, "p-1"), "exit", "考核不合格", ["董事会"], date(2024, 3, 15),
                                "决议3号", effective_on=date(2024, 4, 30))
    old = as_recorded_before(tenure)
    assert (old.status, old.ended_on, old.termination.effective_on) == ("ended", date(2024, 3, 15), date(2024, 3, 15))
    assert old.exit_decisions["p-1"].effective_on == date(2024, 3, 15)


def test_a_proposal_decided_before_the_decision_said_more_replays_as_decided() -> None:
    proposed = ExitProposal(tenure_id=uuid4(), year=2023, basis="annual", manager_id=uuid4(), triggers=[],
                            proposed_on=date(2024, 3, 1))
    proposed.record_decision("exit", None, date(2024, 3, 15), mode="rigid_exit", decision_makers=("董事会",),
                             decision_ref="决议3号", effective_on=date(2024, 4, 30))
    old = as_recorded_before(proposed)
    assert old.status == "decided"
    assert old.decision == {"outcome": "exit", "reason": None, "decided_on": date(2024, 3, 15), "mode": None,
                            "decision_makers": [], "decision_ref": None, "effective_on": None}
