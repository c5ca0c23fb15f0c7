"""Ten golden managers appraised for 2022, final on 2023-03-01, and what their observation periods read.

Golden 2022 totals, lowest first: M06 69.10, M09 91.33, M10 92.00, ... M02 101.00. The bottom 10 % of ten is
floor(10 × 10 / 100) = 1 manager: M06 alone (position 10 of 10) has the yellow warning. The bottom 5 % is
floor(10 × 5 / 100) = 0: no red warning."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.appraisal.api.helpers import appraise, group
from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created, policy
from tests.contract.api.tenure_helpers import governed_enterprise

FINAL_2022 = "2023-03-01"
COMMITTEE = ["考核委员会", "党委会"]


async def ten_appraised(services: Services, **policy_parameters: Any) -> list[dict[str, Any]]:
    """M01-M10 of a new E1 under a policy with `policy_parameters`, appraised for 2022 to final."""
    enterprise = await governed_enterprise(services.contract)
    await policy(services.contract, enterprise["category"], **policy_parameters)
    members = await group(services, size=10, year=2022, enterprise=enterprise)
    await appraise(services, members, 2022)
    return members


async def periods(services: Services, headers: dict[str, str] | None = None, **filters: Any) -> list[dict[str, Any]]:
    response = await services.appraisal.get("/observation-periods", params=filters, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def url_of(listed: dict[str, Any]) -> str:
    """A period's address: its tenure and the year whose warning opened it."""
    return f"/observation-periods/{listed['tenure_id']}/{listed['year']}"


async def period(services: Services, listed: dict[str, Any]) -> dict[str, Any]:
    response = await services.appraisal.get(url_of(listed))
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def conclusion(outcome: str, decided_on: str, **body: Any) -> dict[str, Any]:
    return {"outcome": outcome, "reason": "观察期满，经考核委员会评议", "decided_on": decided_on,
            "decision_makers": COMMITTEE, "decision_ref": "考核委员会纪要〔2023〕9号", **body}


async def conclude(services: Services, listed: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    return await created(services.appraisal.post(f"{url_of(listed)}/conclusion", json=body))


async def contract_proposals(services: Services, member: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """The exit proposals the contract side learned for the member's tenure, once `count` of them arrived."""
    await services.deliver()
    for _ in range(100):
        found = (await services.contract.get(f"/tenures/{member['tenure_id']}")).json()["exit_proposals"]
        if len(found) >= count:
            return found  # type: ignore[no-any-return]
        await asyncio.sleep(0.05)
    raise AssertionError(f"the contract side has {len(found)} exit proposals, not {count}")


async def appraisal_proposals(services: Services, member: dict[str, Any]) -> list[dict[str, Any]]:
    response = await services.appraisal.get(f"/managers/{member['manager_id']}/warnings")
    assert response.status_code == 200, response.text
    return response.json()["exit_proposals"]  # type: ignore[no-any-return]
