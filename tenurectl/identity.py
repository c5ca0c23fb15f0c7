"""Who tenurectl acts as: people with role grants, and their tokens from the local development issuer.

The services trust the local issuer whose key is in the auth folder (shared/auth/local.py); tenurectl signs
with the same key, so its tokens are checked exactly like anyone else's. The folder is `--auth-dir`, else
`$TENURE_AUTH_DIR`, else the services' default `<data dir>/auth` (./data/auth).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import ValidationError

from shared.auth.local import LocalIssuer
from shared.auth.policy import SELF_ROLES, default_policy
from shared.auth.principal import Grant
from shared.settings import ServiceSettings

HOUR = 3600


class IdentityError(Exception):
    """A token cannot be made as asked: a malformed or unknown role, a missing manager code, no local issuer."""


@dataclass(frozen=True)
class Person:
    """Someone a request is made as: the token's subject (recorded as the actor), display name and grants."""

    subject: str
    name: str
    roles: tuple[str, ...]
    manager_code: str | None = None

    def __str__(self) -> str:
        return f"{self.name} ({', '.join(self.roles)})"


class Bearer(httpx.Auth):
    """`Authorization: Bearer <token>` on each request it is given to; `who` names the caller in messages."""

    def __init__(self, token: str, who: str = "the caller") -> None:
        self.token, self.who = token, who

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def default_auth_dir() -> Path:
    """The folder the services use when nothing says otherwise: $TENURE_AUTH_DIR, else <data dir>/auth."""
    try:
        return ServiceSettings().resolved_auth_dir()
    except ValidationError as error:  # e.g. ENVIRONMENT=production: the local issuer is refused there
        raise IdentityError(f"no local token issuer in these settings: {error.errors()[0]['msg']}") from None


def check_roles(roles: Sequence[str], manager_code: str | None) -> tuple[str, ...]:
    """The grants as given, once each reads role@ENTERPRISE (or role@*) with a role the policy knows."""
    known = default_policy().roles
    for text in roles:
        grant = Grant.parse(text)
        if grant is None:
            raise IdentityError(f"role grant {text!r} must read role@ENTERPRISE or role@* (the whole group)")
        if grant.role not in known:
            raise IdentityError(f"unknown role {grant.role!r} in {text!r}; known: {', '.join(sorted(known))}")
        if grant.role in SELF_ROLES and not manager_code:
            raise IdentityError(f"{text} reaches only the manager's own record: give --manager-code")
    return tuple(roles)


class LocalTokens:
    """Tokens signed with the local issuer's key in `folder` (made there on first use, as the services do)."""

    def __init__(self, folder: Path, ttl_seconds: int = 8 * HOUR) -> None:
        self.folder, self.ttl_seconds = folder, ttl_seconds
        self._issuer = LocalIssuer(folder)

    def token(self, person: Person, ttl_seconds: int | None = None) -> str:
        return self._issuer.mint(
            person.subject, name=person.name, roles=person.roles, manager_code=person.manager_code,
            ttl_seconds=ttl_seconds or self.ttl_seconds,
        )

    def bearer(self, person: Person) -> Bearer:
        return Bearer(self.token(person), str(person))
