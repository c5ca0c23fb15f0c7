"""What a verified token says about the caller: who, by what name, in which roles for which enterprises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.errors import AuthenticationError

GROUP = "*"  # a grant for the whole group, every enterprise
MAX_GRANTS = 200


@dataclass(frozen=True, order=True)
class Grant:
    """One role held for one enterprise (its code), or for the whole group (`*`): `enterprise_hr@E1`."""

    role: str
    enterprise: str

    @classmethod
    def parse(cls, text: str) -> Grant | None:
        """`role@E1` or `role@*`; anything else (an IdP's own roles such as `offline_access`) grants nothing."""
        role, sep, enterprise = text.strip().partition("@")
        return cls(role, enterprise) if sep and role and enterprise else None

    def covers(self, enterprise_code: str | None) -> bool:
        return self.enterprise == GROUP or (enterprise_code is not None and self.enterprise == enterprise_code)

    def __str__(self) -> str:
        return f"{self.role}@{self.enterprise}"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller; `subject` and `name` are what events record as the actor."""

    subject: str
    name: str
    grants: frozenset[Grant]
    manager_code: str | None = None  # set for a manager: which manager record is their own

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any], roles_claim: str = "tenure_roles") -> Principal:
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.strip() or len(subject) > 200:
            raise AuthenticationError("the token has no usable subject", field="sub", rule="subject_required")
        raw = _dig(claims, roles_claim) or []
        if not isinstance(raw, list) or len(raw) > MAX_GRANTS or not all(isinstance(r, str) for r in raw):
            raise AuthenticationError(f"{roles_claim} must be a list of role@ENTERPRISE", field=roles_claim, rule="grant_format")
        name = claims.get("name") or claims.get("preferred_username") or subject
        code = claims.get("manager_code")
        return cls(
            subject=subject,
            name=str(name)[:200],
            grants=frozenset(g for g in map(Grant.parse, raw) if g is not None),
            manager_code=str(code) if code else None,
        )

    def roles(self) -> list[str]:
        return sorted(str(g) for g in self.grants)

    def grants_of(self, roles: Iterable[str]) -> list[Grant]:
        wanted = set(roles)
        return sorted(g for g in self.grants if g.role in wanted)


def _dig(claims: Mapping[str, Any], path: str) -> Any:
    """`resource_access.tenure.roles` (Keycloak client roles) as well as a top-level claim."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value
