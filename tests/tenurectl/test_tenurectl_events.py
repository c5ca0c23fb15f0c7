"""How tenurectl reads a scenario's decisions after the fact and where it places them in the cycle."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from tenurectl.client import ServiceClient
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.cycle import Rank, after_the_fact, base_runs
from tenurectl.events import events_of, exit_decision_body, override_bodies
from tenurectl.run import Run
from tenurectl.scenario import ScenarioError, parse_scenario
from tests.scenarios import GOLDEN, GOLDEN_2

GOLDEN_2_TEXT = GOLDEN_2.read_text(encoding="utf-8")


def golden_2(**change: object):  # type: ignore[no-untyped-def]
    raw = json.loads(GOLDEN_2_TEXT)
    raw["events"] = change.get("events", raw["events"])
    return parse_scenario(json.dumps(raw, ensure_ascii=False))


def run_of(scenario) -> Run:  # type: ignore[no-untyped-def]
    """A run whose clients are never called: building the steps asks no service."""
    managers = tuple(ManagerRecord(code, f"m-{code}", f"t-{code}", ()) for code in scenario.manager_codes)
    nowhere = ServiceClient("payroll", "http://127.0.0.1:9")
    return Run(scenario, events_of(scenario), ContractRecord("e-1", managers), None, nowhere,  # type: ignore[arg-type]
               nowhere, nowhere)


def test_a_scenarios_events_are_taken_in_the_order_of_their_days() -> None:
    events = events_of(golden_2())  # the file lists the correction of 2022 after 2023's objections
    assert [e.type for e in events] == ["override", "correction", "objection", "objection", "exit", "clawback"]
    assert [e.on for e in events] == sorted(e.on for e in events)


@pytest.mark.parametrize(("change", "said"), [
    ({"type": "promotion"}, "type must be one of"),
    ({"reason": ""}, "missing reason"),
    ({"manager": "M99"}, "no manager M99"),
    ({"decided_on": "2023-13-40"}, "decided_on is not a date"),
])
def test_an_event_tenurectl_cannot_drive_is_refused_naming_it(change: dict[str, str], said: str) -> None:
    events = copy.deepcopy(json.loads(GOLDEN_2_TEXT)["events"])
    events[0].update(change)
    with pytest.raises(ScenarioError, match=r"events\[0\]") as refused:
        events_of(golden_2(events=events))
    assert said in str(refused.value)


def test_an_override_is_carried_by_its_years_confirmation_and_an_exit_decision_says_when_it_takes_effect() -> None:
    scenario = golden_2()
    events = events_of(scenario)
    assert override_bodies(events, 2022, {"M09": "t-9"}) == [
        {"tenure_id": "t-9", "grade": "qualified", "reason": events[0].raw["reason"]}]
    assert override_bodies(events, 2023, {"M09": "t-9"}) == []
    exit_event = next(e for e in events if e.type == "exit")
    body = exit_decision_body(exit_event, "P-1")
    assert (body["outcome"], body["decided_on"], body["effective_on"]) == ("exit", "2024-03-15", "2024-04-30")


def test_with_events_a_months_base_is_run_on_its_last_day_so_an_exit_falls_between_two_months() -> None:
    run = run_of(golden_2())
    steps = sorted([*base_runs(run), *after_the_fact(run)])
    whats = [s.what for s in steps]
    exit_at = next(i for i, s in enumerate(steps) if s.rank == Rank.EXIT)
    assert steps[exit_at].on == date(2024, 3, 15)
    assert whats[exit_at - 1] == "running the base of 2024-02" and whats[exit_at + 1] == "running the base of 2024-03"


def test_without_events_every_months_base_is_run_before_anything_else() -> None:
    run = run_of(parse_scenario(GOLDEN.read_text(encoding="utf-8")))
    assert {s.on for s in base_runs(run)} == {date.min}
