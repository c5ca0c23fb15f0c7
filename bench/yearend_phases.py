"""The year-end bench's phases, each over every enterprise of the group, several enterprises at a time.

Every step is the services' public API as `tenurectl scenario run` takes it, each by the person whose part it
is (tenurectl/cast.py): the enterprises are brought in (onboarding), then one year is appraised and paid.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tenurectl import bodies
from tenurectl.appraisal import objection_window, schedule, wait_until_known
from tenurectl.cast import Cast
from tenurectl.client import ServiceClient
from tenurectl.contract import ContractRecord, ManagerRecord, bring_into_force, issue_and_sign_letters
from tenurectl.contract import register_enterprise
from tenurectl.onboarding import onboard as onboard_enterprise
from tenurectl.pay_plans import plan_pay
from tenurectl.payroll_waits import wait_until_delivered
from tenurectl.run import Run
from tenurectl.scenario import Scenario

T = TypeVar("T")


@dataclass
class Group:
    """The generated enterprises with their people, the services' clients, and what each phase answered."""

    scenarios: Sequence[Scenario]
    casts: Sequence[Cast]
    clients: Mapping[str, ServiceClient]
    parallel: int
    bulk: bool = True  # onboarding and pay plans in one request per enterprise; else one command at a time
    records: list[ContractRecord] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def managers(self) -> int:
        return sum(len(s.managers) for s in self.scenarios)

    def each(self, phase: str, work: Callable[[int], T]) -> list[T]:
        """`work(i)` for every enterprise `i`, `parallel` at a time; the phase's wall time kept."""
        started = time.perf_counter()
        with ThreadPoolExecutor(self.parallel) as pool:
            answers = list(pool.map(work, range(len(self.scenarios))))
        self.seconds[phase] = time.perf_counter() - started
        print(f"phase {phase} done in {self.seconds[phase]:.2f} s", file=sys.stderr, flush=True)
        return answers


def onboard(group: Group) -> None:
    """The group's policy once, then every enterprise with its managers in force, planned in payroll and known
    to the appraisal service (the relay's work included)."""
    contract, payroll, appraisal = (group.clients[n] for n in ("contract", "payroll", "appraisal"))
    first = group.scenarios[0]
    started = time.perf_counter()
    contract.post("/policies", bodies.policy_body(first), by=group.casts[0].group_hr)

    def bring_in(i: int) -> ContractRecord:
        scenario, cast = group.scenarios[i], group.casts[i]
        record = onboard_enterprise(contract, scenario, cast) if group.bulk else contract_part(contract, scenario, cast)
        plan_pay(payroll, scenario, record, cast.payroll, batch=group.bulk)
        wait_until_known(appraisal, record, cast.operations)
        return record

    group.records = group.each("onboard", bring_in)
    group.seconds["onboard"] = time.perf_counter() - started
    group.runs = [Run(s, [], r, c, contract, appraisal, payroll)
                  for s, r, c in zip(group.scenarios, group.records, group.casts, strict=True)]


def contract_part(contract: ServiceClient, scenario: Scenario, cast: Cast) -> ContractRecord:
    """The enterprise, its board's authorisations, and each manager's tenure and letters in force."""
    enterprise_id = register_enterprise(contract, scenario, cast)
    managers = []
    for body in bodies.manager_bodies(scenario, enterprise_id):
        manager = scenario.manager(body["code"])
        manager_id = contract.post("/managers", body, by=cast.hr)["id"]
        tenure_id = bring_into_force(contract, scenario, manager, manager_id, cast)
        keys = issue_and_sign_letters(contract, scenario, manager, tenure_id, cast)
        managers.append(ManagerRecord(manager["code"], manager_id, tenure_id, tuple(keys)))
    return ContractRecord(enterprise_id, tuple(managers))


def year_end(group: Group, year: int) -> dict[str, Any]:
    """One year appraised in every enterprise, then paid: the phases' times, and what payroll reports paid."""
    contract, appraisal, payroll = (group.clients[n] for n in ("contract", "appraisal", "payroll"))
    window = objection_window(contract, group.records[0], year, group.casts[0].auditor)
    dates = schedule(year, window)
    group.each("actuals", lambda i: group.runs[i].figures(year))
    group.each("closing", lambda i: group.runs[i].open_and_close(year, dates.closed_on))
    group.each("confirmation", lambda i: group.runs[i].confirm(year, dates.decided_on, []))
    group.each("finalisation", lambda i: group.runs[i].finalise(year, dates.final_on))
    started = time.perf_counter()
    wait_until_delivered(appraisal, payroll, group.casts[0].operations)
    group.seconds["settled"] = time.perf_counter() - started
    followed = payroll.get("/supervision/pay", {"on": dates.final_on.isoformat()}, by=group.casts[0].auditor)
    return dict(followed["pay_followed_appraisal"])
