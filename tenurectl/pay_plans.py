"""Pay plans through the payroll service's public API: one by one (POST /pay-plans) or as one batch (POST
/pay-plans/batch), each once payroll has learned the tenure from the contract service's messages."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from tenurectl.client import ServiceClient, ServiceError, doing, new_key
from tenurectl.contract import ContractRecord, ManagerRecord
from tenurectl.identity import Bearer
from tenurectl.scenario import Scenario, as_strings
from tenurectl.waiting import Look, Stalled, until_done

log = logging.getLogger("tenurectl")
# Refusals that only mean "not learned yet": the tenure (or its policy's version) has not reached payroll. A
# tenure payroll has not learned is also outside every caller's enterprise there: 404 "exists" until it arrives.
NOT_YET_LEARNED = {(404, "known_tenure"), (404, "exists"), (422, "policy_in_force"), (422, "tenure_in_force")}


def pay_plan_body(scenario: Scenario, manager: ManagerRecord) -> dict[str, Any]:
    """The scenario's annual base and target performance salary of the manager, as decimal strings."""
    pay = scenario.manager(manager.code)["pay"]
    return {"tenure_id": manager.tenure_id, **as_strings({"base": pay["base"], "performance": pay["performance"]})}


def plan_pay(payroll: ServiceClient, scenario: Scenario, record: ContractRecord, officer: Bearer,
             batch: bool = False) -> None:
    """Once payroll knows each tenure, the payroll officer posts every manager's pay plan, one by one or as one
    batch (the months' base runs are steps of the cycle, tenurectl/cycle.py)."""
    plans = {m.code: pay_plan_body(scenario, m) for m in record.managers}
    (plan_all_when_known if batch else plan_when_known)(payroll, plans, officer)
    log.info("payroll: %d pay plans", len(record.managers))


def plan_when_known(
    payroll: ServiceClient, bodies: Mapping[str, dict[str, Any]], officer: Bearer
) -> dict[str, dict[str, Any]]:
    """POST each manager's pay plan (`bodies` by code) once payroll has learned its tenure; the accounts answered.

    Payroll has no GET of a learned tenure, so the plan itself is the probe: it is refused (404 known_tenure)
    until the contract service's messages have arrived. Every attempt of a plan carries one Idempotency-Key: a
    refusal is not remembered under it, the first success is, so however many attempts are sent one plan is made.
    Tenures are learned in order: each look posts the plans in turn up to the first refused. The wait goes on as
    long as one more tenure is learned within the client's `stall_after`.
    """
    keys = {code: new_key() for code in bodies}
    accounts: dict[str, dict[str, Any]] = {}
    refused: list[ServiceError] = []

    def look() -> Look:
        for code in (code for code in bodies if code not in accounts):
            with doing(f"planning manager {code}'s pay"):
                if (account := _plan(payroll, "/pay-plans", bodies[code], keys[code], officer, refused)) is None:
                    break
            accounts[code] = account
        done = len(accounts)
        return Look(done == len(bodies), done, f"payroll: {done:,} of {len(bodies):,} tenures learned and planned")

    try:
        until_done(look, payroll.patience.stall_after)
    except Stalled as stalled:
        error, code = refused[-1], next(code for code in bodies if code not in accounts)
        reason = f"has not learned tenure {bodies[code]['tenure_id']}: {stalled.why}; see the contract's outbox"
        raise ServiceError("payroll", "POST", error.url, error.status, error.problem, reason, error.by) from None
    return accounts


def plan_all_when_known(
    payroll: ServiceClient, bodies: Mapping[str, dict[str, Any]], officer: Bearer
) -> dict[str, dict[str, Any]]:
    """As `plan_when_known`, in one request (POST /pay-plans/batch, all or none) sent again under its one key
    until payroll has learned every tenure; the item a refusal names is how far payroll has learned."""
    codes, key, refused = list(bodies), new_key(), []
    planned: list[dict[str, Any]] = []

    def look() -> Look:
        with doing(f"planning {len(codes):,} managers' pay"):
            if (accounts := _plan(payroll, "/pay-plans/batch", {"items": list(bodies.values())}, key, officer,
                                  refused)) is not None:
                planned[:] = accounts
        learned = len(codes) if planned else _item_at_fault(refused[-1])
        return Look(bool(planned), learned, f"payroll: {learned:,} of {len(codes):,} tenures learned")

    try:
        until_done(look, payroll.patience.stall_after)
    except Stalled as stalled:
        error = refused[-1]
        reason = f"has not learned every tenure: {stalled.why}; see the contract's outbox"
        raise ServiceError("payroll", "POST", error.url, error.status, error.problem, reason, error.by) from None
    return dict(zip(codes, planned, strict=True))


def _item_at_fault(error: ServiceError) -> int:
    """N of the refusal's field `items.N....`: the items before it were accepted."""
    field = str(error.problem.get("field", "")) if isinstance(error.problem, dict) else ""
    index = field.split(".")[1] if field.startswith("items.") else ""
    return int(index) if index.isdigit() else 0


def _plan(payroll: ServiceClient, path: str, body: dict[str, Any], key: str, officer: Bearer,
          refused: list[ServiceError]) -> Any:
    """The answer, or None (the refusal kept in `refused`) while payroll has not learned a tenure."""
    try:
        return payroll.post(path, body, key=key, by=officer)
    except ServiceError as error:
        rule = error.problem.get("rule") if isinstance(error.problem, dict) else None
        if (error.status, rule) not in NOT_YET_LEARNED:
            raise
        refused[:] = [error]  # the latest refusal, for the message if the wait stalls
        return None
