"""The contract side of a scenario: enterprise, policy, managers, tenures in force, letters signed by both parties."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tenurectl import bodies
from tenurectl.client import ServiceClient, doing
from tenurectl.scenario import Scenario

log = logging.getLogger("tenurectl")


@dataclass(frozen=True)
class ManagerRecord:
    """What the contract service answered for one manager of the scenario."""

    code: str
    manager_id: str
    tenure_id: str
    letter_keys: tuple[str, ...]


@dataclass(frozen=True)
class ContractRecord:
    enterprise_id: str
    managers: tuple[ManagerRecord, ...]

    @property
    def tenure_ids(self) -> dict[str, str]:
        """Manager code → tenure id."""
        return {m.code: m.tenure_id for m in self.managers}


def run_contract_part(contract: ServiceClient, scenario: Scenario) -> ContractRecord:
    """Register everything the scenario needs and bring every tenure and letter into force."""
    with doing("registering the enterprise and its policy"):
        enterprise_id = register_enterprise(contract, scenario)
        contract.post("/policies", bodies.policy_body(scenario))
    log.info("contract: enterprise %s and its policy registered", scenario.enterprise["code"])
    records = []
    for body in bodies.manager_bodies(scenario, enterprise_id):
        manager = scenario.manager(body["code"])
        with doing(f"bringing manager {manager['code']}'s tenure into force"):
            manager_id = contract.post("/managers", body)["id"]
            tenure_id = bring_into_force(contract, scenario, manager, manager_id)
        with doing(f"issuing and signing manager {manager['code']}'s letters"):
            keys = issue_and_sign_letters(contract, scenario, manager, tenure_id)
        records.append(ManagerRecord(manager["code"], manager_id, tenure_id, tuple(keys)))
        log.info("contract: %s tenure %s active, letters %s signed", manager["code"], tenure_id, ", ".join(keys))
    return ContractRecord(enterprise_id, tuple(records))


def register_enterprise(contract: ServiceClient, scenario: Scenario) -> str:
    """The enterprise with a board that has authorised the chairman to sign every agreement."""
    enterprise_id: str = contract.post("/enterprises", bodies.enterprise_body(scenario))["id"]
    for grant in bodies.grant_bodies(scenario):
        contract.post(f"/enterprises/{enterprise_id}/signing-authorisations", grant)
    return enterprise_id


def bring_into_force(contract: ServiceClient, scenario: Scenario, manager: Mapping[str, Any], manager_id: str) -> str:
    """Open the tenure, then review, approve, sign for both parties and activate it; its id."""
    tenure_id: str = contract.post("/tenures", bodies.tenure_body(scenario, manager, manager_id))["id"]
    for action, body in bodies.agreement_steps(scenario, manager):
        contract.post(f"/tenures/{tenure_id}/{action}", body)
    return tenure_id


def issue_and_sign_letters(
    contract: ServiceClient, scenario: Scenario, manager: Mapping[str, Any], tenure_id: str
) -> list[str]:
    """Issue each letter and have both parties sign it on its issue day; the keys the service gave them."""
    keys = []
    for letter in bodies.letter_bodies(scenario, manager):
        tenure = contract.post(f"/tenures/{tenure_id}/letters", letter)
        key = letter_key(tenure, letter["kind"], letter.get("year"))
        on = letter["issued_on"]
        for signature in (bodies.enterprise_signature(on), bodies.manager_signature(manager, on)):
            contract.post(f"/tenures/{tenure_id}/letters/{key}/signatures", signature)
        keys.append(key)
    return keys


def letter_key(tenure: Mapping[str, Any], kind: str, year: int | None) -> str:
    """The key the service gave the letter of `kind` and `year`, read from its answer."""
    return next(str(item["key"]) for item in tenure["letters"] if item["kind"] == kind and item["year"] == year)
