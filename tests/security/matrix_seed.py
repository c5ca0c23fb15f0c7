"""The world the authorization matrix asks about: E1 with manager M01 (a tenure in force, a signed letter, an
appraisal group, a pay plan, a bid), and E2 with M02, whose people ask about E1's things and must not see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.auth import person, staff
from tests.payroll.conftest import Services3

DECIDED_ON = "2022-02-20"
CHAIRMAN = {"party": "enterprise", "signer_name": "王董", "signer_role": "chairman"}
GRANTS = (("chairman", "王董", "general_manager"), ("chairman", "王董", "other_managers"))
AGREEMENT = {
    "duties": "负责营销中心全面工作", "rights_obligations": "按公司章程行使职权", "pay": {"base": "200000", "performance": "300000"},
    "exit_rules": "年度考核不合格的，终止任期", "accountability": "造成国有资产损失的，依规追责",
}
KPIS = [
    {"code": "K1", "name": "利润总额", "weight": "60", "rule": "linear", "target": "100", "cap": "120", "direction": "higher"},
    {"code": "K2", "name": "营业收入", "weight": "40", "rule": "linear", "target": "200", "cap": "120", "direction": "higher"},
]


@dataclass
class World:
    ids: dict[str, str]  # e1, e2, m01, m02, t1, t2, a1, bid, policy
    headers: dict[str, str]

    def secret_ids(self) -> list[str]:
        """What no one of E2 may find in any answer."""
        return [self.ids[k] for k in ("e1", "m01", "t1", "a1", "bid")]


async def ok(response_coro: Any) -> dict[str, Any]:
    response = await response_coro
    assert response.status_code in (200, 201), response.text
    return response.json()


async def _enterprise(api: httpx.AsyncClient, code: str) -> str:
    body = {"code": code, "name_zh": f"{code} 科技有限公司", "category": "market", "has_board": True}
    enterprise = await ok(api.post("/enterprises", json=body))
    for role, name, scope in GRANTS:
        grant = {"role": role, "person_name": name, "scope": scope, "granted_by": "board",
                 "decision_ref": "董事会决议〔2022〕1号", "granted_on": "2022-01-05"}
        await ok(api.post(f"/enterprises/{enterprise['id']}/signing-authorisations", json=grant))
    return enterprise["id"]


async def _tenure_in_force(api: httpx.AsyncClient, enterprise_id: str, e_code: str, m_code: str) -> tuple[str, str]:
    manager = await ok(api.post("/managers", json={"code": m_code, "name": "赵磊", "level": "middle",
                                                   "position": "middle_manager", "enterprise_id": enterprise_id}))
    tenure = await ok(api.post("/tenures", json={"manager_id": manager["id"], "start": "2022-03-01",
                                                 "end": "2024-12-31", "agreement": AGREEMENT}))
    url = f"/tenures/{tenure['id']}"
    await ok(api.post(f"{url}/review", json={"reviewer": "党委会", "reference": "纪要〔2022〕3号", "reviewed_on": DECIDED_ON}))
    await ok(api.post(f"{url}/approval", json={"decision_ref": "董事会决议〔2022〕5号", "approved_on": DECIDED_ON}))
    chairman, itself = person("王董", f"chairman@{e_code}"), person("赵磊", f"manager@{e_code}", manager_code=m_code)
    await ok(api.post(f"{url}/signatures", json={**CHAIRMAN, "signed_on": DECIDED_ON}, headers=chairman))
    await ok(api.post(f"{url}/signatures", json={"party": "manager", "signer_name": "赵磊", "signer_role": "manager",
                                                 "signed_on": DECIDED_ON}, headers=itself))
    await ok(api.post(f"{url}/activation", json={"on": "2022-03-01"}))
    letter = {"kind": "annual", "year": 2022, "kpis": KPIS, "issued_on": DECIDED_ON}
    await ok(api.post(f"{url}/letters", json=letter))
    for signer, headers in ((CHAIRMAN, chairman), ({"party": "manager", "signer_name": "赵磊", "signer_role": "manager"}, itself)):
        await ok(api.post(f"{url}/letters/annual-2022/signatures", json={**signer, "signed_on": DECIDED_ON}, headers=headers))
    return manager["id"], tenure["id"]


async def seed(services: Services3) -> World:
    api = services.contract
    policy = await ok(api.post("/policies", json={"name": "market policy", "category": "market", "parameters": {},
                                                  "effective_from": "2020-01-01"}))
    e1, e2 = await _enterprise(api, "E1"), await _enterprise(api, "E2")
    m01, t1 = await _tenure_in_force(api, e1, "E1", "M01")
    m02, t2 = await _tenure_in_force(api, e2, "E2", "M02")
    bid = await ok(api.post("/bids", json={"enterprise_id": e1, "position": "middle_manager", "level": "middle",
                                           "kpis": KPIS, "pay": {"base": "200000", "performance": "300000"},
                                           "published_on": DECIDED_ON}))
    await services.deliver()
    await ok(services.appraisal.post("/actuals", json={"tenure_id": t1, "year": 2022, "kpi_code": "K1", "value": "90"}))
    appraisal = await ok(services.appraisal.post("/appraisals", json={"enterprise_id": e1, "year": 2022}))
    await ok(services.payroll.post("/pay-plans", json={"tenure_id": t1, "base": "200000", "performance": "300000"}))
    await services.deliver()
    ids = {"e1": e1, "e2": e2, "m01": m01, "m02": m02, "t1": t1, "t2": t2, "a1": appraisal["id"], "bid": bid["id"],
           "policy": policy["id"]}
    return World(ids, staff())
