"""The contract side of a scenario: enterprise, policy, managers, tenures in force, letters signed by both parties."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tenurectl import bodies
from tenurectl.cast import Cast
from tenurectl.client import ServiceClient, doing
from tenurectl.identity import Bearer
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


def run_contract_part(contract: ServiceClient, scenario: Scenario, cast: Cast) -> ContractRecord:
    """Register everything the scenario needs and bring every tenure and letter into force."""
    with doing("registering the enterprise and its policy"):
        enterprise_id = register_enterprise(contract, scenario, cast)
        contract.post("/policies", bodies.policy_body(scenario), by=cast.group_hr)
    log.info("contract: enterprise %s and its policy registered", scenario.enterprise["code"])
    records = []
    for body in bodies.manager_bodies(scenario, enterprise_id):
        manager = scenario.manager(body["code"])
        with doing(f"bringing manager {manager['code']}'s tenure into force"):
            manager_id = contract.post("/managers", body, by=cast.hr)["id"]
            tenure_id = bring_into_force(contract, scenario, manager, manager_id, cast)
        with doing(f"issuing and signing manager {manager['code']}'s letters"):
            keys = issue_and_sign_letters(contract, scenario, manager, tenure_id, cast)
        records.append(ManagerRecord(manager["code"], manager_id, tenure_id, tuple(keys)))
        log.info("contract: %s tenure %s active, letters %s signed", manager["code"], tenure_id, ", ".join(keys))
    return ContractRecord(enterprise_id, tuple(records))


def register_enterprise(contract: ServiceClient, scenario: Scenario, cast: Cast) -> str:
    """The enterprise with a board that has authorised the chairman to sign every agreement, recorded by the
    group's HR administrator."""
    enterprise_id: str = contract.post("/enterprises", bodies.enterprise_body(scenario), by=cast.group_hr)["id"]
    for grant in bodies.grant_bodies(scenario):
        contract.post(f"/enterprises/{enterprise_id}/signing-authorisations", grant, by=cast.group_hr)
    return enterprise_id


def bring_into_force(
    contract: ServiceClient, scenario: Scenario, manager: Mapping[str, Any], manager_id: str, cast: Cast
) -> str:
    """HR opens the tenure; the board reviews and approves it; each party signs; HR activates it. Its id."""
    tenure_id: str = contract.post("/tenures", bodies.tenure_body(scenario, manager, manager_id), by=cast.hr)["id"]
    for action, body in bodies.agreement_steps(scenario, manager):
        contract.post(f"/tenures/{tenure_id}/{action}", body, by=taken_by(cast, action, body, manager["code"]))
    return tenure_id


def taken_by(cast: Cast, action: str, body: Mapping[str, Any], manager_code: str) -> Bearer:
    """Who takes a step of the agreement: the board decides, each party signs its own side, HR does the rest."""
    if action == "signatures":
        return cast.signer(body, manager_code)
    return cast.chairman if action in ("review", "approval") else cast.hr


def issue_and_sign_letters(
    contract: ServiceClient, scenario: Scenario, manager: Mapping[str, Any], tenure_id: str, cast: Cast
) -> list[str]:
    """HR issues each letter; both parties sign it on its issue day. The keys the service gave the letters."""
    keys = []
    for letter in bodies.letter_bodies(scenario, manager):
        tenure = contract.post(f"/tenures/{tenure_id}/letters", letter, by=cast.hr)
        key = letter_key(tenure, letter["kind"], letter.get("year"))
        on = letter["issued_on"]
        for signature in (bodies.enterprise_signature(on), bodies.manager_signature(manager, on)):
            signer = cast.signer(signature, manager["code"])
            contract.post(f"/tenures/{tenure_id}/letters/{key}/signatures", signature, by=signer)
        keys.append(key)
    return keys


def letter_key(tenure: Mapping[str, Any], kind: str, year: int | None) -> str:
    """The key the service gave the letter of `kind` and `year`, read from its answer."""
    return next(str(item["key"]) for item in tenure["letters"] if item["kind"] == kind and item["year"] == year)
