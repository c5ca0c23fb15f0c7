"""Every request but /health carries a bearer token the service can trust; anything else is 401 and writes
nothing. The actor on the record is the token's subject, whatever the request says."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from shared.auth.local import LocalIssuer
from sqlalchemy import select

from shared.eventstore.tables import events
from tests.auth import bearer, issuer, token
from tests.security.conftest import stored

ENTERPRISE = {"code": "E9", "name_zh": "测试集团九号公司", "category": "commercial", "has_board": True}
ADMIN_ROLES = ["group_hr_admin@*"]


def _tampered(good: str) -> str:
    """The same signature over claims someone edited: a different role."""
    head, body, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["tenure_roles"] = ["group_hr_admin@*", "payroll_officer@*"]
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{edited}.{signature}"


def _unsigned() -> str:
    claims = {"iss": "urn:tenure:local-issuer", "sub": "mallory", "aud": ["tenure-contract"], "exp": time.time() + 600,
              "tenure_roles": ADMIN_ROLES}
    return jwt.encode(claims, key="", algorithm="none")


BAD_TOKENS = {
    "expired": lambda tmp: token("hr.li", ADMIN_ROLES, now=time.time() - 7200, ttl_seconds=3600),
    "not yet valid": lambda tmp: issuer().mint("hr.li", roles=ADMIN_ROLES, now=time.time() + 3600),
    "wrong issuer": lambda tmp: issuer().mint("hr.li", roles=ADMIN_ROLES, issuer="https://idp.example/realms/other"),
    "wrong audience": lambda tmp: issuer().mint("hr.li", roles=ADMIN_ROLES, audiences=["tenure-payroll"]),
    "tampered": lambda tmp: _tampered(token("hr.li", ["auditor@*"])),
    "forged key": lambda tmp: LocalIssuer(tmp / "other-issuer").mint("hr.li", roles=ADMIN_ROLES),
    "unsigned (alg none)": lambda tmp: _unsigned(),
    "garbage": lambda tmp: "not-a-jwt",
}


async def test_a_request_without_a_token_is_401_and_writes_nothing(http, contract_app) -> None:
    refused = await http.post("/enterprises", json=ENTERPRISE, headers={"X-Actor": "chairman.wang"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.json()["rule"] == "token_required"
    assert await stored(contract_app) == 0


@pytest.mark.parametrize("kind", list(BAD_TOKENS))
async def test_an_untrustworthy_token_is_401_and_writes_nothing(kind: str, http, contract_app, tmp_path) -> None:
    refused = await http.post("/enterprises", json=ENTERPRISE,
                              headers={"Authorization": f"Bearer {BAD_TOKENS[kind](tmp_path)}"})
    assert refused.status_code == 401, refused.text
    assert refused.json()["status"] == 401 and refused.json()["field"] == "Authorization"
    assert await stored(contract_app) == 0


async def test_the_same_token_is_accepted_before_it_is_tampered_with(http, contract_app) -> None:
    """The tampering test above fails for the edit, not for the token: unedited, it opens the door."""
    good = await http.get("/enterprises", headers={"Authorization": f"Bearer {token('hr.li', ['auditor@*'])}"})
    assert good.status_code == 200


async def test_a_role_without_the_permission_is_403_and_writes_nothing(http, contract_app) -> None:
    refused = await http.post("/enterprises", json=ENTERPRISE, headers=bearer("auditor.wu", ["auditor@*"]))
    assert refused.status_code == 403 and refused.json()["rule"] == "role_required"
    assert await stored(contract_app) == 0


async def test_a_role_granted_for_one_enterprise_does_not_register_group_enterprises(http, contract_app) -> None:
    refused = await http.post("/enterprises", json=ENTERPRISE, headers=bearer("hr.zhao", ["group_hr_admin@E1"]))
    assert refused.status_code == 403  # registering an enterprise needs a grant for the whole group
    assert await stored(contract_app) == 0


async def test_the_recorded_actor_is_the_token_subject_whatever_x_actor_says(http, contract_app) -> None:
    headers = {**bearer("u-1001", ADMIN_ROLES, name="陈人事"), "X-Actor": "chairman.wang"}
    created = await http.post("/enterprises", json=ENTERPRISE, headers=headers)
    assert created.status_code == 201, created.text
    async with contract_app.state.wiring.engine.connect() as conn:  # the store itself, not the (lagging) feed
        rows = (await conn.execute(select(events.c.actor, events.c.actor_name, events.c.actor_roles))).all()
    assert [tuple(r) for r in rows] == [("u-1001", "陈人事", "group_hr_admin@*")]


async def test_health_needs_no_token(http) -> None:
    assert (await http.get("/health")).status_code == 200


async def test_a_token_in_the_wrong_scheme_is_401(http) -> None:
    refused = await http.get("/enterprises", headers={"Authorization": f"Basic {token('hr.li', ['auditor@*'])}"})
    assert refused.status_code == 401 and refused.json()["rule"] == "token_required"


async def test_roles_of_the_identity_provider_that_name_no_enterprise_grant_nothing(http, contract_app) -> None:
    """Keycloak puts its own roles (offline_access, uma_authorization) beside ours: they open no door."""
    headers = bearer("u-2002", ["offline_access", "default-roles-tenure", "auditor@*"])
    assert (await http.get("/enterprises", headers=headers)).status_code == 200
    refused = await http.post("/enterprises", json=ENTERPRISE, headers=bearer("u-2003", ["group_hr_admin"]))
    assert refused.status_code == 403 and refused.json()["rule"] == "role_required"
    assert await stored(contract_app) == 0
