"""A scenario's decisions taken after the fact (its `events`, ../shared/scenarios/README.md "Events"), read and
checked, and each driven through the public APIs by the person whose decision it is:

- `override`: the committee's confirmation of its year carries it;
- `objection`: the manager files it in the year's objection window; upheld, the HR office enters the
  corrected figures as corrections naming what they correct, and the committee decides it;
- `correction`: once the year is final and paid, the HR office corrects the figures and the committee
  revises the final appraisal on the decision it rests on;
- `exit`: once the proposal's year is final and the contract service knows the exit proposal, the board
  (its chairman) decides it;
- `clawback`: the payroll officer records the decision in its period.
Where each falls in the year's cycle is tenurectl/cycle.py's business.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tenurectl.scenario import Scenario, ScenarioError, as_strings

REQUIRED: Mapping[str, tuple[str, ...]] = {
    "override": ("year", "manager", "grade", "decided_on", "reason"),
    "objection": ("year", "manager", "filed_on", "reason", "decision", "decided_on", "decision_reason"),
    "correction": ("year", "manager", "on", "reason", "decision_ref"),
    "exit": ("manager", "proposal_year", "decided_on", "effective", "mode", "decision_makers", "decision_ref",
             "reason"),
    "clawback": ("manager", "decided_on", "period", "amount", "decision_ref", "reason"),
}
DATES = ("decided_on", "filed_on", "on", "effective")


@dataclass(frozen=True)
class Event:
    """One decision after the fact, its dates parsed."""

    type: str
    raw: Mapping[str, Any]

    @property
    def manager(self) -> str:
        return str(self.raw["manager"])

    @property
    def year(self) -> int:
        return int(self.raw.get("year", self.raw.get("proposal_year", 0)))

    def day(self, key: str) -> date:
        return date.fromisoformat(str(self.raw[key]))

    @property
    def on(self) -> date:
        """The day it is decided (a correction's `on`)."""
        return self.day("on" if self.type == "correction" else "decided_on")

    def figures(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The corrected actuals and ratings it carries, as decimal strings, by KPI code."""
        return as_strings(dict(self.raw.get("actuals") or {})), as_strings(dict(self.raw.get("ratings") or {}))


def events_of(scenario: Scenario) -> list[Event]:
    """The scenario's events, each checked for the keys its type needs and for managers the scenario has."""
    events = [_checked(scenario, item, index) for index, item in enumerate(scenario.raw.get("events") or [])]
    return sorted(events, key=lambda e: e.on)


def _checked(scenario: Scenario, item: Any, index: int) -> Event:
    where = f"events[{index}]"
    if not isinstance(item, Mapping) or item.get("type") not in REQUIRED:
        raise ScenarioError(f"{where}: type must be one of {', '.join(REQUIRED)}")
    missing = [key for key in REQUIRED[item["type"]] if item.get(key) in (None, "", [])]
    if missing:
        raise ScenarioError(f"{where} ({item['type']}): missing {', '.join(missing)}")
    if item["manager"] not in scenario.manager_codes:
        raise ScenarioError(f"{where}: no manager {item['manager']} in the scenario")
    for key in DATES:
        if key in item:
            try:
                date.fromisoformat(str(item[key]))
            except ValueError:
                raise ScenarioError(f"{where}: {key} is not a date (YYYY-MM-DD): {item[key]}") from None
    if item["type"] == "objection" and item["decision"] not in ("upheld", "rejected"):
        raise ScenarioError(f"{where}: decision is upheld or rejected")
    return Event(str(item["type"]), item)


def of_type(events: Sequence[Event], type_: str, year: int | None = None) -> list[Event]:
    return [e for e in events if e.type == type_ and (year is None or e.year == year)]


def override_bodies(events: Sequence[Event], year: int, tenure_ids: Mapping[str, str]) -> list[dict[str, Any]]:
    """The committee's overrides of `year`'s proposed grades, as its confirmation carries them."""
    return [{"tenure_id": tenure_ids[e.manager], "grade": e.raw["grade"], "reason": e.raw["reason"]}
            for e in of_type(events, "override", year)]


def exit_decision_body(event: Event, proposal_id: str) -> dict[str, Any]:
    """The board's decision on the exit proposal: a rigid exit ends the appointment on `effective`."""
    outcome = "exit" if event.raw["mode"] == "rigid" else "flexible_adjustment"
    return {"proposal_id": proposal_id, "outcome": outcome, "reason": event.raw["reason"],
            "decision_makers": list(event.raw["decision_makers"]), "decided_on": event.raw["decided_on"],
            "effective_on": event.raw["effective"], "for_cause": bool(event.raw.get("for_cause", True)),
            "decision_ref": event.raw["decision_ref"]}


def clawback_body(event: Event, tenure_id: str) -> dict[str, Any]:
    return {"tenure_id": tenure_id, "amount": str(event.raw["amount"]), "period": event.raw["period"],
            "reason": event.raw["reason"], "decision_ref": event.raw["decision_ref"]}
