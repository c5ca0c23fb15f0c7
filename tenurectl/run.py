"""One run of a scenario: the services, the people, what the contract service answered, and what the steps of
the cycle (tenurectl/cycle.py) hand on to each other: each year's appraisal id, each objection's id."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tenurectl.appraisal import actual_bodies, rating_bodies
from tenurectl.cast import Cast
from tenurectl.client import ServiceClient
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.events import Event
from tenurectl.payroll_waits import wait_until_delivered, wait_until_exit_known, wait_until_settled
from tenurectl.scenario import Scenario


@dataclass
class Run:
    scenario: Scenario
    events: Sequence[Event]
    record: ContractRecord
    cast: Cast
    contract: ServiceClient
    appraisal: ServiceClient | None
    payroll: ServiceClient | None
    appraisal_ids: dict[int, str] = field(default_factory=dict)
    objection_ids: dict[int, str] = field(default_factory=dict)  # by id() of the objection's event

    def manager(self, code: str) -> ManagerRecord:
        return next(m for m in self.record.managers if m.code == code)

    def base_run(self, period: str) -> None:
        assert self.payroll is not None
        body = {"enterprise_id": self.record.enterprise_id, "period": period}
        self.payroll.post("/base-runs", body, by=self.cast.payroll)

    def figures(self, year: int) -> None:
        """The ERP's audited actuals of the year, then the committee's ratings."""
        assert self.appraisal is not None
        actuals = [body for m in self.record.managers for body in actual_bodies(self.scenario, m, year)]
        if actuals:
            self.appraisal.post("/actuals/batch", {"items": actuals}, by=self.cast.erp)
        ratings = [body for m in self.record.managers for body in rating_bodies(self.scenario, m, year)]
        if ratings:
            self.appraisal.post("/ratings/batch", {"items": ratings}, by=self.cast.committee)

    def open_and_close(self, year: int, closed_on: date) -> None:
        assert self.appraisal is not None
        opened = self.appraisal.post("/appraisals", {"enterprise_id": self.record.enterprise_id, "year": year},
                                     by=self.cast.committee)
        self.appraisal_ids[year] = str(opened["id"])
        self._decide(year, "closing", {"closed_on": closed_on.isoformat()})

    def confirm(self, year: int, decided_on: date, overrides: list[dict[str, Any]]) -> None:
        self._decide(year, "confirmation", {"decided_on": decided_on.isoformat(), "overrides": overrides})

    def finalise(self, year: int, on: date) -> None:
        self._decide(year, "finalisation", {"on": on.isoformat()})

    def _decide(self, year: int, step: str, body: dict[str, Any]) -> None:
        assert self.appraisal is not None
        self.appraisal.post(f"/appraisals/{self.appraisal_ids[year]}/{step}", body, by=self.cast.committee)

    def objection_filed(self, event: Event, file: Callable[..., str]) -> None:
        assert self.appraisal is not None
        self.objection_ids[id(event)] = file(self.appraisal, self.appraisal_ids[event.year],
                                             self.manager(event.manager), event, self.cast)

    def objection_decided(self, event: Event, decide: Callable[..., None]) -> None:
        decide(self.appraisal, self.appraisal_ids[event.year], self.objection_ids[id(event)],
               self.manager(event.manager), event, self.cast)

    def exit_decided(self, event: Event, decide: Callable[..., None]) -> None:
        """The board's decision, then payroll has learned it before any later month is paid."""
        manager = self.manager(event.manager)
        decide(self.contract, manager, event, self.cast)
        if self.payroll is not None:
            wait_until_exit_known(self.payroll, manager, self.cast.payroll)

    def after_settled(self, event: Event, revise: Callable[..., None]) -> None:
        """A correction of a year already paid: once payroll has settled the year, the revision; then until
        payroll has taken in what the revision sent (its arrears or recovery)."""
        manager = self.manager(event.manager)
        if self.payroll is not None:
            wait_until_settled(self.payroll, manager, event.year, self.cast.payroll)
        revise(self.appraisal, self.appraisal_ids[event.year], manager, event, self.cast)
        if self.appraisal is not None and self.payroll is not None:
            wait_until_delivered(self.appraisal, self.payroll, self.cast.operations)
