"""Each decision after the fact as its people take it through the public APIs (tenurectl/events.py says who)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tenurectl.cast import Cast
from tenurectl.client import ServiceClient, ServiceError
from tenurectl.contract import ManagerRecord
from tenurectl.events import Event, clawback_body, exit_decision_body
from tenurectl.identity import Bearer
from tenurectl.waiting import Look, Stalled, until_done


def correct_figures(appraisal: ServiceClient, manager: ManagerRecord, event: Event, reason: str, hr: Bearer) -> None:
    """The corrected actuals and ratings entered as corrections naming the entries they correct, and why."""
    actuals, ratings = event.figures()
    ledger = appraisal.get("/actuals", {"tenure_id": manager.tenure_id, "year": event.year}, by=hr)
    for kind, figures in (("actual", actuals), ("rating", ratings)):
        for code, value in figures.items():
            entry = _latest(ledger["entries"], kind, code, event)
            body = {"tenure_id": manager.tenure_id, "year": event.year, "entry_id": entry["entry_id"],
                    "value": value, "reason": reason}
            ledger = appraisal.post("/actuals/corrections", body, by=hr)


def _latest(entries: list[Mapping[str, Any]], kind: str, code: str, event: Event) -> Mapping[str, Any]:
    found = [e for e in entries if e["kind"] == kind and e["kpi_code"] == code]
    if not found:
        raise ServiceError("appraisal", "GET", "/actuals", None, None,
                           f"has no {kind} of {code} for {event.manager} in {event.year} to correct")
    return found[-1]


def file_objection(appraisal: ServiceClient, appraisal_id: str, manager: ManagerRecord, event: Event,
                   cast: Cast) -> str:
    """The manager files their objection in person; its id."""
    body = {"tenure_id": manager.tenure_id, "reason": event.raw["reason"], "filed_on": event.raw["filed_on"]}
    answer = appraisal.post(f"/appraisals/{appraisal_id}/objections", body, by=cast.managers[manager.code])
    mine = [o for o in answer["objections"] if o["tenure_id"] == manager.tenure_id and o["outcome"] is None]
    return str(mine[-1]["objection_id"])


def decide_objection(appraisal: ServiceClient, appraisal_id: str, objection_id: str, manager: ManagerRecord,
                     event: Event, cast: Cast) -> None:
    """Upheld: the corrected figures first, then the decision; rejected: the decision and its reason only."""
    reason = event.raw["decision_reason"]
    if event.raw["decision"] == "upheld":
        correct_figures(appraisal, manager, event, reason, cast.hr)
    body = {"outcome": event.raw["decision"], "reason": reason, "decided_on": event.raw["decided_on"]}
    appraisal.post(f"/appraisals/{appraisal_id}/objections/{objection_id}/decision", body, by=cast.committee)


def revise(appraisal: ServiceClient, appraisal_id: str, manager: ManagerRecord, event: Event, cast: Cast) -> None:
    """A correction after final: the audited figures corrected, then the final appraisal revised on the decision."""
    correct_figures(appraisal, manager, event, event.raw["reason"], cast.hr)
    body = {"reason": event.raw["reason"], "decided_on": event.raw["on"], "tenure_id": manager.tenure_id,
            "decision_ref": event.raw["decision_ref"]}
    appraisal.post(f"/appraisals/{appraisal_id}/revision", body, by=cast.committee)


def decide_exit(contract: ServiceClient, manager: ManagerRecord, event: Event, cast: Cast) -> None:
    """The board decides the exit proposal of `proposal_year`, once the contract service has learned it."""
    proposal = _proposal_when_known(contract, manager, event, cast.auditor)
    contract.post(f"/tenures/{manager.tenure_id}/exit-decisions", exit_decision_body(event, proposal),
                  by=cast.chairman)


def _proposal_when_known(contract: ServiceClient, manager: ManagerRecord, event: Event, reader: Bearer) -> str:
    """The proposal's id once the tenure shows it; any change of the tenure is progress."""
    url = f"/tenures/{manager.tenure_id}"

    def look() -> Look:
        tenure = contract.get(url, by=reader)
        found = any(p["year"] == event.year for p in tenure["exit_proposals"])
        return Look(found, tenure, f"contract: waiting for the exit proposal of {event.year} for {manager.code}")

    try:
        tenure = until_done(look, contract.patience.stall_after).state
    except Stalled as stalled:
        raise ServiceError("contract", "GET", url, None, None,
                           f"has no exit proposal of {event.year} for {manager.code}: {stalled.why}") from None
    return str(next(p["proposal_id"] for p in tenure["exit_proposals"] if p["year"] == event.year))


def claw_back(payroll: ServiceClient, manager: ManagerRecord, event: Event, cast: Cast) -> None:
    payroll.post("/clawbacks", clawback_body(event, manager.tenure_id), by=cast.payroll)
