"""The contract part of a scenario in one import: the enterprise, its board's authorisations, then every manager
with a tenure in force and signed letters, brought in by the group's HR from the papers (POST
/enterprises/{id}/onboarding), all or none; the same facts `tenurectl.contract.run_contract_part` makes one
command at a time, each step by its own person."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from tenurectl import bodies
from tenurectl.cast import Cast
from tenurectl.client import ServiceClient
from tenurectl.contract import ContractRecord, ManagerRecord, register_enterprise
from tenurectl.scenario import Scenario


def onboard(contract: ServiceClient, scenario: Scenario, cast: Cast, roster: str = "json") -> ContractRecord:
    """Register the enterprise with its signers, then import its managers, as a JSON roster or (`roster`
    "xlsx") as the HR office's workbook; what the service gave them."""
    enterprise_id = register_enterprise(contract, scenario, cast)
    body, path = onboarding_body(scenario), f"/enterprises/{enterprise_id}/onboarding"
    if roster == "xlsx":
        answer = contract.upload(f"{path}/upload", {"file": ("花名册.xlsx", roster_workbook(body))},
                                 {"source": body["source"]}, by=cast.group_hr)
    else:
        answer = contract.post(path, body, by=cast.group_hr)
    return ContractRecord(enterprise_id, tuple(
        ManagerRecord(m["code"], m["manager_id"], m["tenure_id"], tuple(m["letter_keys"])) for m in answer["managers"]))


def onboard_with_policy(contract: ServiceClient, scenario: Scenario, cast: Cast, roster: str = "json",
                        ) -> ContractRecord:  # fmt: skip
    """As `onboard`, the scenario's policy adopted by the group's HR first (as run_contract_part does)."""
    contract.post("/policies", bodies.policy_body(scenario), by=cast.group_hr)
    return onboard(contract, scenario, cast, roster)


def onboarding_body(scenario: Scenario) -> dict[str, Any]:
    source = f"{scenario.enterprise['name']} 任期制契约化管理签约材料（{bodies.decided_on(scenario).isoformat()}）"
    managers = [serving_manager(scenario, body) for body in bodies.manager_bodies(scenario, "")]
    return {"source": source, "managers": managers}


def serving_manager(scenario: Scenario, registration: Mapping[str, Any]) -> dict[str, Any]:
    """One manager as the one-by-one bodies give them (tenurectl/bodies.py): registered, the tenure's terms, its
    review, approval and both signatures, its activation, each letter with both signatures on its issue day."""
    manager = scenario.manager(registration["code"])
    steps = bodies.agreement_steps(scenario, manager)
    step = {action: body for action, body in steps if action != "signatures"}
    tenure = bodies.tenure_body(scenario, manager, "")
    letters = [{**letter, "signatures": [bodies.enterprise_signature(letter["issued_on"]),
                                         bodies.manager_signature(manager, letter["issued_on"])]}
               for letter in bodies.letter_bodies(scenario, manager)]
    return {
        **{k: v for k, v in registration.items() if k != "enterprise_id"},
        **{k: v for k, v in tenure.items() if k != "manager_id"},
        "review": step["review"], "approval": step["approval"],
        "signatures": [body for action, body in steps if action == "signatures"],
        "activated_on": step["activation"]["on"], "letters": letters,
    }


def roster_workbook(body: Mapping[str, Any]) -> bytes:
    """A JSON roster (`onboarding_body`) as the HR office's workbook (POST .../onboarding/upload): its sheets
    managers, letters and kpis, each column headed by its field's path."""
    from openpyxl import Workbook

    sheets: dict[str, list[dict[str, Any]]] = {"managers": [], "letters": [], "kpis": []}
    for manager in body["managers"]:
        sheets["managers"].append(_flat({k: v for k, v in manager.items() if k != "letters"}))
        for letter in manager.get("letters", []):
            whose = {"manager_code": manager["code"]}
            sheets["letters"].append({**whose, **_flat({k: v for k, v in letter.items() if k != "kpis"})})
            which = {**whose, "kind": letter["kind"], "year": letter.get("year")}
            sheets["kpis"] += [{**which, **_flat(kpi)} for kpi in letter["kpis"]]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        header = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(key) for key in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of `value` by its dotted path (a list's places numbered from 0)."""
    if isinstance(value, Mapping):
        items: list[tuple[str, Any]] = list(value.items())
    elif isinstance(value, list):
        items = [(str(i), item) for i, item in enumerate(value)]
    else:
        return {path: value}
    flat: dict[str, Any] = {}
    for key, item in items:
        flat.update(_flat(item, f"{path}.{key}" if path else key))
    return flat
