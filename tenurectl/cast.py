"""The people who take a scenario's steps, each with a token of only their own roles: no one may do everything.

As a group runs it: the group's HR administrator registers the enterprise and its policy and records the
board's signing authorisations; the enterprise's HR officer registers managers, opens tenures, issues letters
and activates them; the chairman (a board member) records the review and approval and signs for the
enterprise under the board's authorisation; each manager signs their own side in person; the group ERP sends
the audited actuals; the appraisal committee rates, and takes each appraisal to final; the payroll officer
plans pay and runs the base; the auditor reads the tenure records; operations watches what each service has
learned from the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tenurectl.bodies import CHAIRMAN
from tenurectl.identity import Bearer, LocalTokens, Person
from tenurectl.scenario import Scenario, ScenarioError

GROUP = "*"
COMMITTEE = "考核委员会"


@dataclass(frozen=True)
class Cast:
    group_hr: Bearer
    hr: Bearer
    chairman: Bearer
    managers: Mapping[str, Bearer]  # by manager code
    erp: Bearer
    committee: Bearer
    payroll: Bearer
    auditor: Bearer
    operations: Bearer

    def signer(self, signature: Mapping[str, Any], manager_code: str) -> Bearer:
        """Who gives `signature`: the manager in person, or the enterprise's authorised signer as themself."""
        if signature["party"] == "manager":
            return self.managers[manager_code]
        if (signature["signer_name"], signature["signer_role"]) != (CHAIRMAN, "chairman"):
            raise ScenarioError(f"no one in the run signs as {signature['signer_name']} ({signature['signer_role']})")
        return self.chairman


def people(scenario: Scenario) -> dict[str, Person]:
    """Everyone but the managers, by their part in the run; roles bound to the scenario's enterprise."""
    code, name = scenario.enterprise["code"], scenario.enterprise["name"]

    def of(part: str, display: str, role: str, scope: str = code) -> Person:
        return Person(f"tenurectl:{part}" + (f":{scope}" if scope != GROUP else ""), display, (f"{role}@{scope}",))

    return {
        "group_hr": of("group-hr", "集团人力资源部", "group_hr_admin", GROUP),
        "hr": of("hr", f"{name}人力资源部", "enterprise_hr"),
        "chairman": of("chairman", CHAIRMAN, "chairman"),
        "erp": of("erp", "集团ERP", "integration", GROUP),
        "committee": of("committee", COMMITTEE, "appraisal_committee"),
        "payroll": of("payroll", f"{name}薪酬专员", "payroll_officer"),
        "auditor": of("auditor", "集团审计部", "auditor", GROUP),
        "operations": of("operations", "运维值班", "operations", GROUP),
    }


def manager_person(scenario: Scenario, manager: Mapping[str, Any]) -> Person:
    """A manager, holding the manager role in their enterprise for their own record only."""
    grant = f"manager@{scenario.enterprise['code']}"
    return Person(f"tenurectl:manager:{manager['code']}", manager["name"], (grant,), manager["code"])


def cast_of(scenario: Scenario, tokens: LocalTokens) -> Cast:
    """The scenario's people, each with a token of their own."""
    managers = {m["code"]: tokens.bearer(manager_person(scenario, m)) for m in scenario.managers}
    return Cast(managers=managers, **{part: tokens.bearer(p) for part, p in people(scenario).items()})
