"""The appraisal side of a scenario, through the appraisal service's public API.

Kept apart from the rest so that it follows that API as it settles. What it expects:
  GET  /known/tenures/{tenure_id}            → 200 {letters: [{key, version_number, signed}]} once learned (404 before)
  POST /actuals/batch {items: [{tenure_id, year, kpi_code, value, audited, source}]}  (all or none)
  POST /ratings/batch {items: [{tenure_id, year, kpi_code, evaluator, rating}]}  (all or none)
  POST /appraisals  {enterprise_id, year}    → {id, ...}
  POST /appraisals/{id}/closing       {closed_on}
  POST /appraisals/{id}/confirmation  {decided_on, overrides}
  POST /appraisals/{id}/finalisation  {on}
  GET  /appraisals/{id}                      → {..., members: [{tenure_id, manager_code, total, grade, ...}]}
  GET  /tenure-appraisals/{tenure_id}        → {tenure_id, tenure_score, tenure_grade, ...}
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tenurectl.cast import COMMITTEE
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.identity import Bearer
from tenurectl.scenario import Scenario, as_strings
from tenurectl.waiting import Look, Stalled, until_done

EVALUATOR = COMMITTEE  # the committee rates, and posts its ratings itself
log = logging.getLogger("tenurectl")


@dataclass
class AppraisalAnswers:
    """What the appraisal service answered: each year's appraisal, and each manager's tenure appraisal by code."""

    annual: dict[int, dict[str, Any]] = field(default_factory=dict)
    tenure: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class YearSchedule:
    """The business dates of one year's appraisal, early in the following year."""

    closed_on: date
    decided_on: date
    final_on: date


def schedule(year: int, objection_window_days: int) -> YearSchedule:
    """Closed January 20, confirmed January 25, final March 1 or the day after the objection window if later."""
    decided_on = date(year + 1, 1, 25)
    final_on = max(date(year + 1, 3, 1), decided_on + timedelta(days=objection_window_days + 1))
    return YearSchedule(date(year + 1, 1, 20), decided_on, final_on)


def actual_bodies(scenario: Scenario, manager: ManagerRecord, year: int) -> list[dict[str, Any]]:
    """The ERP's audited actuals of one manager and year, values as decimal strings."""
    actuals = scenario.manager(manager.code).get("actuals", {}).get(str(year), {})
    erp = {"audited": True, "source": "erp"}
    return [{**_of(manager, year, code), "value": as_strings(value), **erp} for code, value in actuals.items()]


def rating_bodies(scenario: Scenario, manager: ManagerRecord, year: int) -> list[dict[str, Any]]:
    """The appraisal committee's ratings of one manager's qualitative KPIs in a year."""
    ratings = scenario.manager(manager.code).get("ratings", {}).get(str(year), {})
    by = {"evaluator": EVALUATOR}
    return [{**_of(manager, year, code), **by, "rating": as_strings(value)} for code, value in ratings.items()]


def _of(manager: ManagerRecord, year: int, kpi_code: str) -> dict[str, Any]:
    return {"tenure_id": manager.tenure_id, "year": year, "kpi_code": kpi_code}


def wait_until_known(appraisal: ServiceClient, record: ContractRecord, watcher: Bearer) -> None:
    """Return once the appraisal service has learned every tenure and every signed letter of the run; one more
    tenure learned is progress (tenurectl/waiting.py).

    What a service has learned is group-wide operational knowledge: `watcher` is operations (or an auditor)."""
    waiting, total = list(record.managers), len(record.managers)

    def look() -> Look:
        while waiting and _knows(appraisal, waiting[0], watcher):
            waiting.pop(0)
        line = f"appraisal: {total - len(waiting):,} of {total:,} tenures learned with their signed letters"
        return Look(not waiting, len(waiting), line)

    try:
        until_done(look, appraisal.patience.stall_after)
    except Stalled as stalled:
        url, letters = f"/known/tenures/{waiting[0].tenure_id}", ", ".join(waiting[0].letter_keys)
        reason = f"has not learned {waiting[0].code}'s tenure with signed letters {letters}: {stalled.why}"
        raise ServiceError("appraisal", "GET", url, None, "see the contract service's outbox", reason) from None
    log.info("appraisal: every tenure and letter learned")


def _knows(appraisal: ServiceClient, manager: ManagerRecord, watcher: Bearer) -> bool:
    known = appraisal.get_if_found(f"/known/tenures/{manager.tenure_id}", by=watcher)
    if known is None:
        return False
    signed = {letter["key"] for letter in known.get("letters", []) if letter.get("signed")}
    return set(manager.letter_keys) <= signed


def read_answers(
    appraisal: ServiceClient, record: ContractRecord, appraisal_ids: dict[int, str], reader: Bearer
) -> AppraisalAnswers:
    """Each year's appraisal, and each manager's tenure appraisal."""
    answers = AppraisalAnswers()
    for year, appraisal_id in appraisal_ids.items():
        answers.annual[year] = appraisal.get(f"/appraisals/{appraisal_id}", by=reader)
    for manager in record.managers:  # none for a tenure that ended for cause
        found = appraisal.get_if_found(f"/tenure-appraisals/{manager.tenure_id}", by=reader)
        if found is not None:
            answers.tenure[manager.code] = found
    return answers


def objection_window(contract: ServiceClient, record: ContractRecord, year: int, reader: Bearer) -> int:
    """The objection window in days of the policy in force when `year` is appraised, as the contract service says."""
    on = date(year + 1, 1, 25).isoformat()
    policy = contract.get("/policies/applicable", {"enterprise_id": record.enterprise_id, "on": on}, by=reader)
    return int(policy["parameters"]["objection_window_days"])
