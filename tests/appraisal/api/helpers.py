"""A small appraisal group built through the contract API, learned by the appraisal service, and its
golden-scenario figures posted through the appraisal API."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.appraisal.conftest import Services
from tests.contract.api.helpers import created
from tests.contract.api.tenure_helpers import (
    CHAIRMAN,
    GOLDEN,
    active_tenure,
    annual_letter,
    golden_kpis,
    signature,
)

YEAR = 2022


def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"), parse_float=Decimal)


def expected() -> dict[str, Any]:
    return json.loads((GOLDEN.parent / "golden-1.expected.json").read_text(encoding="utf-8"))


async def group(services: Services, size: int = 3, year: int = YEAR) -> list[dict[str, Any]]:
    """`size` golden managers of one enterprise with tenures in force and signed letters for `year`."""
    api, members, enterprise = services.contract, [], None
    for index in range(size):
        contract = await active_tenure(api, enterprise, code=f"M{index + 1:02d}")
        enterprise = contract.enterprise
        tenure_id = contract.tenure["id"]
        await created(api.post(f"/tenures/{tenure_id}/letters", json=annual_letter(year, kpis=golden_kpis(year, index))))
        for signer in (CHAIRMAN, {"party": "manager", "signer_name": contract.manager["name"], "signer_role": "manager"}):
            await created(api.post(f"/tenures/{tenure_id}/letters/annual-{year}/signatures", json=signature(signer)))
        members.append({"code": f"M{index + 1:02d}", "index": index, "tenure_id": tenure_id,
                        "manager_id": contract.manager["id"], "enterprise_id": enterprise["id"]})
    await services.deliver()
    return members


async def post_figures(services: Services, members: list[dict[str, Any]], year: int = YEAR, audited: bool = True) -> None:
    scenario = golden()
    for member in members:
        source = scenario["managers"][member["index"]]
        for code, value in source["actuals"][str(year)].items():
            body = {"tenure_id": member["tenure_id"], "year": year, "kpi_code": code, "value": str(value), "audited": audited}
            await created(services.appraisal.post("/actuals", json=body))
        for code, rating in source.get("ratings", {}).get(str(year), {}).items():
            body = {"tenure_id": member["tenure_id"], "year": year, "kpi_code": code, "evaluator": "考核委员会", "rating": str(rating)}
            await created(services.appraisal.post("/ratings", json=body))


async def open_and_close(services: Services, members: list[dict[str, Any]], year: int = YEAR) -> dict[str, Any]:
    opened = await created(services.appraisal.post("/appraisals", json={"enterprise_id": members[0]["enterprise_id"], "year": year}))
    return await created(services.appraisal.post(f"/appraisals/{opened['id']}/closing", json={"closed_on": f"{year + 1}-01-20"}))
