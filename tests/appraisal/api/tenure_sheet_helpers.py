"""A golden M01 tenure (2022-03-01 to 2024-12-31) alone in its group, with a signed tenure letter that may carry
its own KPI sheet, appraised year by year through the HTTP APIs.

M01's golden annual totals: 2022 98.60, 2023 81.50, 2024 97.60 (golden-1.expected.json); alone in its group
every year is qualified (the quotas of a group of one are floor(1 × 20 %) = floor(1 × 10 %) = 0)."""

from __future__ import annotations

from typing import Any

from tests.appraisal.api.helpers import (
    TENURE_YEARS,
    confirm,
    finalise,
    group,
    open_and_close,
    post_figures,
    sign_letters,
)
from tests.appraisal.conftest import Services
from tests.auth import signing_headers
from tests.contract.api.helpers import created
from tests.contract.api.tenure_helpers import CHAIRMAN, DECIDED_ON, IN_PERSON, signature

# The tenure letter's own sheet: targets for the whole tenure. Revenue is 70 of 100 (quantitative weight ≥ 70).
TENURE_KPIS = [
    {"code": "revenue_tenure", "name": "任期累计营业收入(万元)", "weight": "70", "rule": "linear", "direction": "higher",
     "unit": "万元", "main": True, "target": "33400"},
    {"code": "party", "name": "任期党建考核", "weight": "30", "rule": "rated", "veto": True, "veto_below": "60"},
]


async def tenure_with_letter(services: Services, kpis: list[dict[str, Any]]) -> dict[str, Any]:
    """M01's tenure with its annual letters for the three years and a tenure letter carrying `kpis`, all signed."""
    [member] = await group(services, size=1, year=TENURE_YEARS[0])
    for year in TENURE_YEARS[1:]:
        await sign_letters(services, [member], year)
    url = f"/tenures/{member['tenure_id']}/letters"
    await created(services.contract.post(url, json={"kind": "tenure", "kpis": kpis, "issued_on": DECIDED_ON}))
    for signer in (CHAIRMAN, {**IN_PERSON, "signer_name": member["name"]}):
        body = signature(signer)
        headers = signing_headers(body, member["enterprise_code"], member["code"])
        await created(services.contract.post(f"{url}/tenure/signatures", json=body, headers=headers))
    await services.deliver()
    return member


async def confirmed_year(services: Services, member: dict[str, Any], year: int) -> dict[str, Any]:
    """The year's golden figures posted, the group closed and confirmed (objection window to 25 Feb)."""
    await post_figures(services, [member], year)
    closed = await open_and_close(services, [member], year)
    return await confirm(services, closed["id"], decided_on=f"{year + 1}-01-25")


async def final_year(services: Services, member: dict[str, Any], year: int) -> dict[str, Any]:
    return await finalise(services, (await confirmed_year(services, member, year))["id"], on=f"{year + 1}-03-01")


async def tenure_figures(services: Services, member: dict[str, Any], revenue: str, ratings: tuple[str, ...]) -> None:
    """The tenure period's audited revenue and the evaluators' ratings of its party building."""
    body = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "revenue_tenure", "value": revenue,
            "audited": True}
    await created(services.appraisal.post("/actuals", json=body))
    for index, rating in enumerate(ratings):
        body = {"tenure_id": member["tenure_id"], "period": "tenure", "kpi_code": "party",
                "evaluator": f"评委{index + 1}", "rating": rating}
        await created(services.appraisal.post("/ratings", json=body))


async def tenure_appraisal(services: Services, member: dict[str, Any]) -> dict[str, Any]:
    response = await services.appraisal.get(f"/tenure-appraisals/{member['tenure_id']}")
    assert response.status_code == 200, response.text
    return response.json()
