"""Building blocks for tenure API tests: a governed enterprise, a tenure brought into force, golden KPI sheets.

Every step goes through the public HTTP API, as an HR user's client would.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.auth import signing_headers
from tests.contract.api.helpers import (
    assert_nothing_written_since,
    assert_problem,
    created,
    enterprise,
    manager,
    policy,
)

# The worked scenario, as copied into tests/fixtures/scenarios.
from tests.scenarios import GOLDEN

START, END = "2022-03-01", "2024-12-31"
DECIDED_ON = "2022-02-20"
MANAGER_NAME = "赵磊"  # the name `helpers.manager` registers
CHAIRMAN = {"party": "enterprise", "signer_name": "王董", "signer_role": "chairman"}
GENERAL_MANAGER = {"party": "enterprise", "signer_name": "李总", "signer_role": "general_manager"}
IN_PERSON = {"party": "manager", "signer_name": MANAGER_NAME, "signer_role": "manager"}
# The board authorises the chairman for every agreement and the general manager for the other managers'.
BOARD_GRANTS = (
    ("chairman", "王董", "general_manager"),
    ("chairman", "王董", "other_managers"),
    ("general_manager", "李总", "other_managers"),
)


@dataclass(frozen=True)
class Contract:
    enterprise: dict[str, Any]
    manager: dict[str, Any]
    tenure: dict[str, Any]

    @property
    def url(self) -> str:
        return f"/tenures/{self.tenure['id']}"


def agreement(base: str = "200000", performance: str = "300000") -> dict[str, Any]:
    return {
        "duties": "负责营销中心全面工作",
        "rights_obligations": "按公司章程行使职权",
        "pay": {"base": base, "performance": performance},
        "exit_rules": "年度考核不合格的，终止任期",
        "accountability": "造成国有资产损失的，依规追责",
    }


def pick(mapping: dict[str, Any], *keys: str) -> tuple[Any, ...]:
    """The values of `keys`, to compare several members of an answer in one line."""
    return tuple(mapping[key] for key in keys)


def signature(signer: dict[str, str], signed_on: str = DECIDED_ON) -> dict[str, str]:
    return {**signer, "signed_on": signed_on}


async def governed_enterprise(
    api: httpx.AsyncClient, code: str = "E1", category: str = "market", grants: tuple = BOARD_GRANTS
) -> dict[str, Any]:
    """An enterprise with a board that has authorised its signers."""
    registered = await enterprise(api, code, category=category)
    for role, person, scope in grants:
        grant = {
            "role": role,
            "person_name": person,
            "scope": scope,
            "granted_by": "board",
            "decision_ref": "董事会决议〔2022〕1号",
            "granted_on": "2022-01-05",
        }
        registered = await created(api.post(f"/enterprises/{registered['id']}/signing-authorisations", json=grant))
    return registered


async def draft(api: httpx.AsyncClient, manager_id: str, start: str = START, end: str = END, **body: Any) -> dict:
    opening = {"manager_id": manager_id, "start": start, "end": end, "agreement": agreement(), **body}
    return await created(api.post("/tenures", json=opening))


async def step(api: httpx.AsyncClient, tenure_id: str, action: str, body: dict[str, Any],
               headers: dict[str, str] | None = None) -> dict[str, Any]:
    return await created(api.post(f"/tenures/{tenure_id}/{action}", json=body, headers=headers))


async def signer_headers(api: httpx.AsyncClient, tenure: dict[str, Any], body: dict[str, Any]) -> dict[str, str]:
    """The token of whoever gives this signature on `tenure` (tests.auth.signing_headers): the enterprise's
    signer as themself, or the tenure's manager in person; the codes are read back through the API."""
    enterprise = (await api.get(f"/enterprises/{tenure['enterprise_id']}")).json()
    manager = (await api.get(f"/managers/{tenure['manager_id']}")).json()
    return signing_headers(body, enterprise["code"], manager["code"])


async def signing(
    api: httpx.AsyncClient, tenure: dict[str, Any], body: dict[str, Any], letter: str | None = None
) -> httpx.Response:
    """A signature of the agreement (or of the letter `letter`) sent by the signer in person, as
    `api.post(...)` would be: pass it unawaited to `created` or `refused`."""
    path = f"/tenures/{tenure['id']}" + (f"/letters/{letter}" if letter else "") + "/signatures"
    return await api.post(path, json=body, headers=await signer_headers(api, tenure, body))


async def sign(api: httpx.AsyncClient, tenure: dict[str, Any], signer: dict[str, str], on: str = DECIDED_ON,
               letter: str | None = None) -> dict[str, Any]:
    """Sign the agreement (or a letter) as `signer` in person; the tenure as it then reads."""
    return await created(signing(api, tenure, signature(signer, on), letter))


async def bring_into_force(
    api: httpx.AsyncClient, tenure: dict[str, Any], signer: dict[str, str] = CHAIRMAN, on: str = DECIDED_ON
) -> dict[str, Any]:
    """Review, approve, sign for both parties and activate on the first day of the term."""
    tenure_id = tenure["id"]
    review = {"reviewer": "党委会", "reference": "党委会纪要〔2022〕3号", "reviewed_on": on}
    await step(api, tenure_id, "review", review)
    await step(api, tenure_id, "approval", {"decision_ref": "董事会决议〔2022〕5号", "approved_on": on})
    await sign(api, tenure, signer, on)
    await sign(api, tenure, IN_PERSON, on)
    return await step(api, tenure_id, "activation", {"on": tenure["start"]})


async def active_tenure(
    api: httpx.AsyncClient,
    in_enterprise: dict[str, Any] | None = None,
    code: str = "M01",
    position: str = "middle_manager",
    level: str = "middle",
    **policy_parameters: Any,
) -> Contract:
    """A tenure in force 2022-03-01 to 2024-12-31; without `in_enterprise`, a new E1 and its category's policy."""
    if in_enterprise is None:
        in_enterprise = await governed_enterprise(api)
        await policy(api, in_enterprise["category"], **policy_parameters)
    registered = await manager(api, in_enterprise["id"], code, position=position, level=level)
    tenure = await bring_into_force(api, await draft(api, registered["id"]))
    return Contract(in_enterprise, registered, tenure)


async def refused(api: httpx.AsyncClient, request: Any, status: int, field: str, rule: str | None) -> dict:
    """Send a request that must be refused with a problem naming `field` and `rule`, and check nothing was written.

    `rule` is None only where the service has no such rule yet (an xfail test of a missing check).
    """
    sent_at = datetime.now(UTC)
    problem = assert_problem(await request, status, field, rule)
    await assert_nothing_written_since(api, sent_at)
    return problem


def golden_kpis(year: int, manager_index: int = 0) -> list[dict[str, Any]]:
    """The golden scenario's KPIs of one manager as one year's sheet, every number sent as a string."""
    if not GOLDEN.exists():
        pytest.skip("the golden scenario is not beside the repository")
    scenario = json.loads(GOLDEN.read_text(encoding="utf-8"), parse_float=str, parse_int=str)
    sheet = []
    for raw in scenario["managers"][manager_index]["kpis"]:
        kpi = {key: value for key, value in raw.items() if key != "targets"}
        if "targets" in raw:
            kpi["tiers" if raw["rule"] == "tiered" else "target"] = raw["targets"][str(year)]
        if "veto_below" in raw:
            # The scenario gives the threshold alone; the API needs the flag too (see test_a_rated_kpi_with_…).
            kpi["veto"] = True
        sheet.append(kpi)
    return sheet


def annual_letter(year: int, **body: Any) -> dict[str, Any]:
    """An annual letter's request body; by default the golden sheet of that year."""
    kpis = body.pop("kpis") if "kpis" in body else golden_kpis(year)
    return {"kind": "annual", "year": year, "kpis": kpis, "issued_on": DECIDED_ON, **body}
