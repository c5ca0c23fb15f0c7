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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tenurectl.appraisal import AppraisalAnswers
from tenurectl.client import ServiceClient, ServiceError, doing
from tenurectl.contract import ContractRecord
from tenurectl.identity import Bearer
from tenurectl.waiting import Look, Stalled, until_done

log = logging.getLogger("tenurectl")


@dataclass
class PayrollAnswers:
    """What the payroll service answered: each manager's pay account (GET /accounts/{tenure_id}) by code."""

    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)


def periods(start: date, end: date) -> list[str]:
    """Every month from `start`'s to `end`'s, both included, as "YYYY-MM"."""
    months = range(start.year * 12 + start.month - 1, end.year * 12 + end.month)
    return [f"{month // 12:04d}-{month % 12 + 1:02d}" for month in months]


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


def finish_payroll_part(
    payroll: ServiceClient, record: ContractRecord, appraisal: AppraisalAnswers | None, officer: Bearer,
) -> PayrollAnswers:
    """Each manager's account as the payroll officer reads it, once it shows every settlement the appraisals lead
    to (none without appraisal). Each read is in payroll's access log: the officer looked at the manager's pay.
    Each look reads the accounts in turn up to the first not settled; one more settlement seen is progress."""
    wanted = expected_settlements(record, appraisal) if appraisal is not None else {}
    answers, waiting, total = PayrollAnswers(), list(record.managers), len(record.managers)

    def look() -> Look:
        while waiting:
            account = payroll.get(f"/accounts/{waiting[0].tenure_id}", by=officer)
            if lacking := missing(account, wanted.get(waiting[0].code, [])):
                settled = len(answers.accounts)
                return Look(False, (settled, len(lacking)), f"payroll: {settled:,} of {total:,} accounts settled "
                            f"(next: {waiting[0].code}'s {', '.join(lacking)})")
            answers.accounts[waiting.pop(0).code] = account
        return Look(True, total, f"payroll: {total:,} of {total:,} accounts settled")

    with doing("waiting for payroll's settlements"):
        try:
            until_done(look, payroll.patience.stall_after)
        except Stalled as stalled:
            problem = _timeout_problem(payroll, record, wanted, officer)
            lacking = ", ".join(problem["missing"].get(waiting[0].code, []))
            raise ServiceError("payroll", "GET", f"/accounts/{waiting[0].tenure_id}", None, problem,
                               f"has not settled {waiting[0].code}'s {lacking}: {stalled.why}") from None
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
