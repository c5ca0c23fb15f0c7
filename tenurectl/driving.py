"""Driving a scenario through the services: the contract part, pay plans, the cycle in date order (base runs,
appraisals, decisions after the fact), payroll's settlements awaited, then every figure read back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from typing import Any

from tenurectl.appraisal import read_answers, wait_until_known
from tenurectl.cast import cast_of
from tenurectl.client import ServiceClient, doing
from tenurectl.contract import run_contract_part
from tenurectl.cycle import steps_of, take
from tenurectl.events import events_of
from tenurectl.identity import LocalTokens
from tenurectl.onboarding import onboard_with_policy
from tenurectl.patience import Patience
from tenurectl.pay_plans import plan_pay
from tenurectl.payroll import finish_payroll_part
from tenurectl.records import read_records
from tenurectl.report import Sources, build_report
from tenurectl.run import Run
from tenurectl.scenario import Scenario, ScenarioError

log = logging.getLogger("tenurectl")


def drive(scenario: Scenario, urls: Mapping[str, str], tokens: LocalTokens,
          between: Callable[[str], None] = lambda part: None, patience: Patience | None = None,
          onboard: bool = False, roster: str = "json") -> dict[str, Any]:
    """Each step is taken by the person whose part it is, with a token of their own roles (tenurectl/cast.py).
    `between(part)` is called before the first of the "appraisal" steps and before the "settlements" are awaited
    (a test stops and starts a service there). Appraisal and payroll take part where they run; the report holds
    the figures of those that did; decisions after the fact need all three. `patience`: how long each request is
    retried, and how long a wait for the services' work may see no progress (tenurectl/patience.py); `onboard`:
    the contract part as one import (`roster`: a JSON body, or "xlsx" the HR office's workbook) and the pay plans
    as one batch (tenurectl/onboarding.py)."""
    cast, events = cast_of(scenario, tokens), events_of(scenario)
    with ExitStack() as clients:
        client = {name: clients.enter_context(ServiceClient(name, url, patience=patience))
                  for name, url in urls.items()}
        contract, appraisal, payroll = client["contract"], client.get("appraisal"), client.get("payroll")
        if events and (appraisal is None or payroll is None):
            raise ScenarioError("a scenario with events needs the appraisal and payroll services too")
        record = onboard_with_policy(contract, scenario, cast, roster) if onboard else \
            run_contract_part(contract, scenario, cast)
        if payroll is not None:  # plans first: payroll settles only planned tenures
            plan_pay(payroll, scenario, record, cast.payroll, batch=onboard)
        else:
            log.warning("no payroll service: the report has no pay figures")
        if appraisal is not None:
            wait_until_known(appraisal, record, cast.operations)
        else:
            log.warning("no appraisal service: the report has no appraisal figures and payroll settles nothing")
        run = Run(scenario, events, record, cast, contract, appraisal, payroll)
        take(steps_of(run), between)
        answers = None
        if appraisal is not None:
            with doing("reading the appraisals back"):
                answers = read_answers(appraisal, record, run.appraisal_ids, cast.committee)
        between("settlements")
        if payroll is not None:
            finish_payroll_part(payroll, record, answers, cast.payroll)  # every settlement made first
        records = read_records(contract, record, cast.auditor)
    return build_report(Sources(scenario, record.tenure_ids, records, bool(events)))
