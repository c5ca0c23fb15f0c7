"""Tokens for tests, signed by the local issuer the services under test trust (TENURE_AUTH_DIR, set by
tests/conftest.py): real ES256 tokens verified by the real verifier, never a bypass."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache

from shared.auth.local import LocalIssuer
from shared.auth.policy import default_policy

# Every role but the manager's, for the whole group: tests of business rules act as an all-powerful office.
# Tests of who may do what (tests/security/) use one role at a time.
STAFF_ROLES = tuple(sorted(r for r in default_policy().roles if r != "manager"))


@cache
def issuer() -> LocalIssuer:
    return LocalIssuer(os.environ["TENURE_AUTH_DIR"])


def token(subject: str, roles: Iterable[str], *, name: str | None = None, manager_code: str | None = None,
          **claims: object) -> str:
    return issuer().mint(subject, name=name, roles=list(roles), manager_code=manager_code, **claims)


def bearer(subject: str, roles: Iterable[str], **kwargs: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(subject, roles, **kwargs)}"}  # type: ignore[arg-type]


def staff(subject: str = "hr.office", name: str | None = None) -> dict[str, str]:
    """Headers of a group-wide office that holds every staff role."""
    return bearer(subject, [f"{r}@*" for r in STAFF_ROLES], name=name or subject)


def person(name: str, *roles: str, subject: str | None = None, manager_code: str | None = None) -> dict[str, str]:
    """Headers of one named person: `person("王董", "chairman@E1")`, `person("李四", "manager@E1", manager_code="M02")`."""
    return bearer(subject or f"u-{name}", roles, name=name, manager_code=manager_code)


def signing_headers(signature: dict[str, object], enterprise_code: str, manager_code: str) -> dict[str, str]:
    """The token of whoever gives this signature: the enterprise's signer as themself in their signing role
    for the enterprise, or the manager in person (their own manager grant and code)."""
    name = str(signature["signer_name"])
    if signature.get("party") == "manager":
        return person(name, f"manager@{enterprise_code}", manager_code=manager_code)
    return person(name, f"{signature['signer_role']}@{enterprise_code}")
