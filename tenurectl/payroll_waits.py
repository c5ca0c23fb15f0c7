"""The waits of the cycle for payroll: a year settled before its correction, an exit learned before the next month
is paid, what the appraisal service sent taken in. Each waits as long as it sees progress (tenurectl/waiting.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tenurectl.client import ServiceClient, ServiceError
from tenurectl.contract import ManagerRecord
from tenurectl.identity import Bearer
from tenurectl.payroll import missing
from tenurectl.waiting import Look, Stalled, until_done


def wait_until_settled(payroll: ServiceClient, manager: ManagerRecord, year: int, officer: Bearer) -> None:
    """Until the manager's account shows the performance settlement of `year` (its final appraisal arrived)."""
    _wait_for_account(payroll, manager, officer, lambda a: not missing(a, [f"performance {year}"]),
                      f"settled {manager.code}'s {year}")


def wait_until_exit_known(payroll: ServiceClient, manager: ManagerRecord, officer: Bearer) -> None:
    """Until payroll has learned the manager's exit (the months after it are then paid no more)."""
    _wait_for_account(payroll, manager, officer, lambda a: a.get("exit") is not None,
                      f"learned {manager.code}'s exit")


def _wait_for_account(payroll: ServiceClient, manager: ManagerRecord, officer: Bearer,
                      ready: Callable[[Mapping[str, Any]], bool], what: str) -> None:
    """Until the account is `ready`; any change of it (a month, a settlement) is progress."""
    url = f"/accounts/{manager.tenure_id}"

    def look() -> Look:
        account = payroll.get(url, by=officer)
        return Look(ready(account), account, f"payroll: waiting until it has {what}")

    try:
        until_done(look, payroll.patience.stall_after)
    except Stalled as stalled:
        raise ServiceError("payroll", "GET", url, None, None, f"has not {what}: {stalled.why}") from None


def wait_until_delivered(sender: ServiceClient, payroll: ServiceClient, operations: Bearer) -> None:
    """Until what `sender` has sent payroll so far has taken effect there (or waits for a fact still to come),
    as each service's GET /deliveries shows it to operations; fewer messages pending is progress."""
    def look() -> Look:
        sent, received = sender.get("/deliveries", by=operations), payroll.get("/deliveries", by=operations)
        to_payroll = sum(d["pending"] for d in sent["outbox"] if d["destination"] == "payroll")
        inbox = received["inbox"]
        stuck = len(inbox["waiting"]) + len(inbox["failed"])
        line = (f"payroll: {to_payroll:,} messages of {sender.name} still to send, "
                f"{max(inbox['pending'] - stuck, 0):,} to take in")
        return Look(to_payroll == 0 and inbox["pending"] <= stuck, (to_payroll, inbox["pending"], stuck), line)

    try:
        until_done(look, payroll.patience.stall_after)
    except Stalled as stalled:
        raise ServiceError("payroll", "GET", "/deliveries", None, None,
                           f"has not taken in what {sender.name} sent: {stalled.why}") from None

