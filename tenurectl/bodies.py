"""The contract service's request bodies for a scenario, as the group ERP would send them.

Pure functions: no I/O, so the mapping can be checked without a service. Numbers go as decimal strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from tenurectl.scenario import Scenario, ScenarioError, as_strings, decimals_as_strings

CHAIRMAN = "王董"  # the board authorises the chairman for every agreement and letter of the scenario
SCOPES = ("general_manager", "other_managers")
LEADERSHIP_POSITIONS = ("general_manager", "deputy_general_manager")
POSITION_OF_LEVEL = {"middle": "middle_manager", "professional": "professional_manager"}


def decided_on(scenario: Scenario) -> date:
    """When the agreements are reviewed, approved and signed: shortly before the tenure starts."""
    return scenario.start - timedelta(days=10)


def enterprise_body(scenario: Scenario) -> dict[str, Any]:
    e = scenario.enterprise
    return {"code": e["code"], "name_zh": e["name"], "category": e["category"], "has_board": True}


def grant_bodies(scenario: Scenario) -> list[dict[str, Any]]:
    """The board's authorisations of the chairman, for the general manager's agreement and the others'."""
    on = min(date(scenario.start.year, 1, 1), decided_on(scenario))
    ref = f"董事会决议〔{on.year}〕1号"
    return [
        {
            "role": "chairman",
            "person_name": CHAIRMAN,
            "scope": scope,
            "granted_by": "board",
            "decision_ref": ref,
            "granted_on": on.isoformat(),
        }
        for scope in SCOPES
    ]


def policy_body(scenario: Scenario) -> dict[str, Any]:
    """The category's policy with the scenario's overrides, in force from January 1 of the tenure's start."""
    category = scenario.enterprise["category"]
    return {
        "name": f"{scenario.name} {category}",
        "category": category,
        "parameters": decimals_as_strings(dict(scenario.policy)),
        "effective_from": date(scenario.start.year, 1, 1).isoformat(),
    }


def position_of(level: str, leadership_index: int) -> str:
    """The position for a level; the first leadership manager is the general manager, the others deputies."""
    if level == "leadership":
        return LEADERSHIP_POSITIONS[0 if leadership_index == 0 else 1]
    if level not in POSITION_OF_LEVEL:
        raise ScenarioError(f"unknown manager level {level!r}; known: leadership, middle, professional")
    return POSITION_OF_LEVEL[level]


def manager_bodies(scenario: Scenario, enterprise_id: str) -> list[dict[str, Any]]:
    bodies, leaders = [], 0
    for m in scenario.managers:
        position = position_of(m["level"], leaders)
        leaders += m["level"] == "leadership"
        body = {
            "code": m["code"],
            "name": m["name"],
            "level": m["level"],
            "position": position,
            "enterprise_id": enterprise_id,
        }
        if m.get("title"):
            body["title"] = m["title"]
        bodies.append(body)
    return bodies


def tenure_body(scenario: Scenario, manager: Mapping[str, Any], manager_id: str) -> dict[str, Any]:
    """A draft tenure with its appointment agreement and the scenario's pay plan."""
    title = manager.get("title") or "经理层成员"
    agreement = {
        "duties": f"履行{title}岗位职责，完成经营业绩责任书确定的目标",
        "rights_obligations": "按公司章程和岗位说明书行使职权、履行义务",
        "pay": as_strings({"base": manager["pay"]["base"], "performance": manager["pay"]["performance"]}),
        "exit_rules": "年度或任期考核不合格的，按规定退出",
        "accountability": "违规经营投资造成国有资产损失的，依规追责",
    }
    return {
        "manager_id": manager_id,
        "start": scenario.start.isoformat(),
        "end": scenario.end.isoformat(),
        "agreement": agreement,
    }


def agreement_steps(scenario: Scenario, manager: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(action, body) from draft to active: pre-review, approval, both signatures, activation on the start."""
    on = decided_on(scenario).isoformat()
    return [
        ("review", {"reviewer": "党委会", "reference": f"党委会纪要〔{on[:4]}〕3号", "reviewed_on": on}),
        ("approval", {"decision_ref": f"董事会决议〔{on[:4]}〕5号", "approved_on": on}),
        ("signatures", enterprise_signature(on)),
        ("signatures", manager_signature(manager, on)),
        ("activation", {"on": scenario.start.isoformat()}),
    ]


def enterprise_signature(on: str) -> dict[str, Any]:
    return {"party": "enterprise", "signer_name": CHAIRMAN, "signer_role": "chairman", "signed_on": on}


def manager_signature(manager: Mapping[str, Any], on: str) -> dict[str, Any]:
    return {"party": "manager", "signer_name": manager["name"], "signer_role": "manager", "signed_on": on}


def letter_date(scenario: Scenario, year: int | None) -> str:
    """A letter is issued and signed when its period begins: January 1, or the tenure's first day."""
    return max(scenario.start, date(year or scenario.start.year, 1, 1)).isoformat()


def kpi_sheet(manager: Mapping[str, Any], year: int) -> list[dict[str, Any]]:
    """The manager's KPIs as the sheet of `year`'s annual letter, with that year's target or tiers.

    Every other key of a scenario KPI goes as it is: the contract service judges it.
    """
    sheet = []
    for kpi in manager["kpis"]:
        body = {key: value for key, value in kpi.items() if key != "targets"}
        targets = kpi.get("targets")
        if targets is not None:
            if str(year) not in targets:
                raise ScenarioError(f"manager {manager['code']}: KPI {kpi['code']} has no target for {year}")
            body["tiers" if kpi["rule"] == "tiered" else "target"] = targets[str(year)]
        sheet.append(as_strings(body))
    return sheet


def letter_bodies(scenario: Scenario, manager: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One annual letter per year of the tenure, then the tenure letter with no sheet of its own."""
    annual = [
        {"kind": "annual", "year": year, "kpis": kpi_sheet(manager, year), "issued_on": letter_date(scenario, year)}
        for year in scenario.years
    ]
    return [*annual, {"kind": "tenure", "kpis": [], "issued_on": letter_date(scenario, None)}]
