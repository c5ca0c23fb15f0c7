"""The golden scenario is run by the people a group has, each in one role, and the services record who did what;
tenurectl's own commands go with the token they are given, and a token without the role is refused."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

import httpx
import pytest

from deploy.services import SERVICES
from tenurectl.audit import AUDITOR, TOKEN_ENV
from tenurectl.identity import Person
from tenurectl.scenario import load_scenario
from tests.e2e.golden_system import RunningSystem, tenurectl
from tests.tenurectl.tenurectl_samples import GOLDEN

pytestmark = [
    pytest.mark.skipif(not {"contract", "appraisal", "payroll"} <= {entry.name for entry in SERVICES},
                       reason="needs all three services"),
    pytest.mark.xdist_group("golden_system"),  # one worker starts the golden system for every test using it
]

GROUP_HR, HR, CHAIRMAN, MANAGER = "group_hr_admin@*", "enterprise_hr@E1", "chairman@E1", "manager@E1"
ERP, COMMITTEE, PAYROLL = "integration@*", "appraisal_committee@E1", "payroll_officer@E1"
# Who takes each step, as each service records it; events learned from another service's messages are left out.
TAKEN_BY = {
    "contract": {
        "Enterprise.Registered": {GROUP_HR}, "Enterprise.SignerAuthorised": {GROUP_HR}, "Policy.Adopted": {GROUP_HR},
        "Manager.Registered": {HR}, "Tenure.Opened": {HR}, "PerformanceLetter.Issued": {HR}, "Tenure.Activated": {HR},
        "Tenure.AgreementReviewed": {CHAIRMAN}, "Tenure.AgreementApproved": {CHAIRMAN},
        "Tenure.AgreementSigned": {CHAIRMAN, MANAGER}, "PerformanceLetter.Signed": {CHAIRMAN, MANAGER},
    },
    "appraisal": {"KpiActuals.Opened": {ERP}, "AnnualAppraisal.Opened": {COMMITTEE},
                  "AnnualAppraisal.Finalised": {COMMITTEE}},
    "payroll": {"PayAccount.Planned": {PAYROLL}},
}


def every_event(system: RunningSystem, service: str) -> list[dict[str, Any]]:
    """The service's whole feed, read as an auditor."""
    headers = {"Authorization": f"Bearer {system.tokens.token(AUDITOR)}"}
    events: list[dict[str, Any]] = []
    after = 0
    with httpx.Client(base_url=system.urls[service], headers=headers, timeout=30) as client:
        while page := client.get("/events", params={"after": after, "limit": 1000}).raise_for_status().json()["events"]:
            events += page
            after = page[-1]["notification_id"]
    return events


def from_requests(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if not any(role.startswith("service:") for role in e["actor_roles"])]


@pytest.mark.parametrize("service", ["contract", "appraisal", "payroll"])
def test_each_step_is_recorded_as_taken_by_the_person_whose_part_it_is_in_one_role(
    system: RunningSystem, service: str
) -> None:
    events = from_requests(every_event(system, service))
    roles: dict[str, set[str]] = defaultdict(set)
    for event in events:
        roles[event["type"]].update(event["actor_roles"])

    assert events and all(len(event["actor_roles"]) == 1 for event in events), "no one acts in two roles at once"
    assert {kind: roles[kind] for kind in TAKEN_BY[service]} == TAKEN_BY[service]


def test_the_agreements_are_signed_by_the_chairman_and_by_each_manager_as_themself(system: RunningSystem) -> None:
    managers = {m["name"] for m in load_scenario(GOLDEN).managers}
    signed = [e for e in every_event(system, "contract") if e["type"] == "Tenure.AgreementSigned"]

    by_chairman = [e for e in signed if e["actor_roles"] == [CHAIRMAN]]
    by_managers = [e for e in signed if e["actor_roles"] == [MANAGER]]
    assert {e["actor_name"] for e in by_chairman} == {"王董"} and len(by_chairman) == len(managers)
    assert {e["actor_name"] for e in by_managers} == managers
    assert len({e["actor"] for e in by_managers}) == len(managers), "each manager under their own subject"


def test_a_command_given_a_token_acts_with_it_and_one_without_the_role_is_refused(system: RunningSystem) -> None:
    rebuilding_auditor = tenurectl(system, "rebuild", "--service", "contract", "--token", system.tokens.token(AUDITOR))

    assert rebuilding_auditor.returncode == 1 and rebuilding_auditor.stdout == ""
    assert "403" in rebuilding_auditor.stderr and "readmodel.rebuild" in rebuilding_auditor.stderr


def test_a_token_in_tenure_token_reaches_only_its_enterprises(system: RunningSystem) -> None:
    auditor = {"Authorization": f"Bearer {system.tokens.token(AUDITOR)}"}
    managers = httpx.get(f"{system.urls['contract']}/managers", params={"code": "M01"}, headers=auditor, timeout=30)
    [m01] = managers.raise_for_status().json()["items"]
    elsewhere = Person("hr.e2", "另一企业人力资源部", ("enterprise_hr@E2",))
    env = {**os.environ, TOKEN_ENV: system.tokens.token(elsewhere)}

    done = tenurectl(system, "record", m01["id"], env=env)

    assert done.returncode == 1 and done.stdout == ""
    assert "404" in done.stderr, "another enterprise's manager looks like no manager at all"
