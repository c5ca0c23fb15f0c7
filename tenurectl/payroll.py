"""The payroll side of a scenario, through the payroll service's public API.

Kept apart from the rest so that it follows that API as it settles. What it expects:
  POST /pay-plans {tenure_id, base, performance}   → the account; 404 (rule known_tenure) until payroll has
                                                     learned the tenure from the contract service's messages
  POST /base-runs {enterprise_id, period "YYYY-MM"} → the month's base lines of every planned tenure
  GET  /accounts/{tenure_id}                        → {lines: [{kind, amount, period, for_period, ...}],
                                                       settlements: {"<year>": {...}}, tenure_settlement, ...}
Payroll settles performance pay by itself on the appraisal service's AnnualAppraisal.Finalised message, and
the tenure on TenureAppraisal.Recorded; tenurectl only waits until the accounts show those settlements.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tenurectl.appraisal import AppraisalAnswers
from tenurectl.client import ServiceClient, ServiceError, doing, new_key
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.identity import Bearer
from tenurectl.scenario import Scenario, as_strings

log = logging.getLogger("tenurectl")
POLL_SECONDS = 0.1
# Refusals that only mean "not learned yet": the tenure (or its policy's version) has not reached payroll. A
# tenure payroll has not learned is also outside every caller's enterprise there: 404 "exists" until it arrives.
NOT_YET_LEARNED = {(404, "known_tenure"), (404, "exists"), (422, "policy_in_force"), (422, "tenure_in_force")}


@dataclass
class PayrollAnswers:
    """What the payroll service answered: each manager's pay account (GET /accounts/{tenure_id}) by code."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)


def pay_plan_body(scenario: Scenario, manager: ManagerRecord) -> dict[str, Any]:
    """The scenario's annual base and target performance salary of the manager, as decimal strings."""
    pay = scenario.manager(manager.code)["pay"]
    return {"tenure_id": manager.tenure_id, **as_strings({"base": pay["base"], "performance": pay["performance"]})}


def periods(start: date, end: date) -> list[str]:
    """Every month from `start`'s to `end`'s, both included, as "YYYY-MM"."""
    months = range(start.year * 12 + start.month - 1, end.year * 12 + end.month)
    return [f"{month // 12:04d}-{month % 12 + 1:02d}" for month in months]


def plan_pay(payroll: ServiceClient, scenario: Scenario, record: ContractRecord, officer: Bearer) -> None:
    """Once payroll knows each tenure, the payroll officer posts every manager's pay plan (the months' base runs
    are steps of the cycle, tenurectl/cycle.py)."""
    for manager in record.managers:
        with doing(f"planning manager {manager.code}'s pay"):
            plan_when_known(payroll, pay_plan_body(scenario, manager), officer)
    log.info("payroll: %d pay plans", len(record.managers))


def plan_when_known(
    payroll: ServiceClient, body: dict[str, Any], officer: Bearer, timeout: float = 30.0
) -> dict[str, Any]:
    """POST the pay plan until payroll has learned its tenure; the account it answers.

    Payroll has no GET of a learned tenure, so the plan itself is the probe: it is refused (404 known_tenure)
    until the contract service's messages have arrived. Every attempt carries one Idempotency-Key: a refusal is
    not remembered under it, the first success is, so however many attempts are sent one plan is made.
    """
    key, deadline = new_key(), time.monotonic() + timeout
    while True:
        try:
            account: dict[str, Any] = payroll.post("/pay-plans", body, key=key, by=officer)
            return account
        except ServiceError as error:
            rule = error.problem.get("rule") if isinstance(error.problem, dict) else None
            if (error.status, rule) not in NOT_YET_LEARNED:
                raise
            if time.monotonic() > deadline:
                reason = f"has not learned tenure {body['tenure_id']} in {timeout:.0f} s (see the contract's outbox)"
                raise ServiceError("payroll", "POST", error.url, error.status, error.problem, reason,
                                   error.by) from None
        time.sleep(POLL_SECONDS)


def expected_settlements(record: ContractRecord, appraisal: AppraisalAnswers) -> dict[str, list[str]]:
    """What payroll must have settled for each manager, by code: the years whose final appraisal counted the
    tenure as a member, as "performance <year>", and "tenure" when the tenure appraisal was recorded."""
    members = {
        year: {str(m.get("tenure_id", "")).lower() for m in answer.get("members", [])}
        for year, answer in appraisal.annual.items()
    }
    return {
        m.code: [f"performance {year}" for year in sorted(members) if m.tenure_id.lower() in members[year]]
        + (["tenure"] if m.code in appraisal.tenure else [])
        for m in record.managers
    }


def missing(account: Mapping[str, Any], wanted: list[str]) -> list[str]:
    """Which of the `wanted` settlements the account does not show yet."""
    settlements = account.get("settlements") or {}
    shown = {f"performance {year}" for year in settlements}
    if account.get("tenure_settlement") is not None:
        shown.add("tenure")
    return [item for item in wanted if item not in shown]


def wait_until_settled(payroll: ServiceClient, manager: ManagerRecord, year: int, officer: Bearer) -> None:
    """Until the manager's account shows the performance settlement of `year` (its final appraisal arrived)."""
    _wait_for_account(payroll, manager, officer, lambda a: not missing(a, [f"performance {year}"]),
                      f"settled {manager.code}'s {year}")


def wait_until_exit_known(payroll: ServiceClient, manager: ManagerRecord, officer: Bearer) -> None:
    """Until payroll has learned the manager's exit (the months after it are then paid no more)."""
    _wait_for_account(payroll, manager, officer, lambda a: a.get("exit") is not None,
                      f"learned {manager.code}'s exit")


def _wait_for_account(payroll: ServiceClient, manager: ManagerRecord, officer: Bearer,
                      ready: Callable[[Mapping[str, Any]], bool], what: str, timeout: float = 30.0) -> None:
    deadline, url = time.monotonic() + timeout, f"/accounts/{manager.tenure_id}"
    while not ready(payroll.get(url, by=officer)):
        if time.monotonic() > deadline:
            raise ServiceError("payroll", "GET", url, None, None, f"has not {what} in {timeout:.0f} s")
        time.sleep(POLL_SECONDS)


def wait_until_delivered(sender: ServiceClient, payroll: ServiceClient, operations: Bearer,
                         timeout: float = 30.0) -> None:
    """Until what `sender` has sent payroll so far has taken effect there (or waits for a fact still to come),
    as each service's GET /deliveries shows it to operations."""
    deadline = time.monotonic() + timeout
    while not _delivered(sender.get("/deliveries", by=operations), payroll.get("/deliveries", by=operations)):
        if time.monotonic() > deadline:
            raise ServiceError("payroll", "GET", "/deliveries", None, None,
                               f"has not taken in what {sender.name} sent in {timeout:.0f} s")
        time.sleep(POLL_SECONDS)


def _delivered(sent: Mapping[str, Any], received: Mapping[str, Any]) -> bool:
    to_payroll = sum(d["pending"] for d in sent["outbox"] if d["destination"] == "payroll")
    inbox = received["inbox"]
    return to_payroll == 0 and inbox["pending"] <= len(inbox["waiting"]) + len(inbox["failed"])


def finish_payroll_part(
    payroll: ServiceClient,
    record: ContractRecord,
    appraisal: AppraisalAnswers | None,
    officer: Bearer,
    timeout: float = 30.0,
    clock: Callable[[], float] = time.monotonic,
) -> PayrollAnswers:
    """Each manager's account as the payroll officer reads it, once it shows every settlement the appraisals lead
    to (none without appraisal). Each read is in payroll's access log: the officer looked at the manager's pay."""
    wanted = expected_settlements(record, appraisal) if appraisal is not None else {}
    deadline = clock() + timeout
    answers = PayrollAnswers()
    with doing("waiting for payroll's settlements"):
        for manager in record.managers:
            url = f"/accounts/{manager.tenure_id}"
            while lacking := missing(account := payroll.get(url, by=officer), wanted.get(manager.code, [])):
                if clock() > deadline:
                    problem = _timeout_problem(payroll, record, wanted, officer)
                    raise ServiceError("payroll", "GET", url, None, problem,
                                       f"has not settled {manager.code}'s {', '.join(lacking)} in {timeout:.0f} s")
                time.sleep(POLL_SECONDS)
            answers.accounts[manager.code] = account
    log.info("payroll: every settlement made")
    return answers


def _timeout_problem(
    payroll: ServiceClient, record: ContractRecord, wanted: dict[str, list[str]], officer: Bearer
) -> dict[str, Any]:
    """Everything still missing, by manager code, for the error message."""
    accounts = {m.code: payroll.get(f"/accounts/{m.tenure_id}", by=officer) for m in record.managers}
    lacking = {code: missing(account, wanted.get(code, [])) for code, account in accounts.items()}
    return {
        "missing": {code: items for code, items in lacking.items() if items},
        "hint": "see the appraisal service's outbox (AnnualAppraisal.Finalised, TenureAppraisal.Recorded) "
        "and the payroll service's log",
    }
