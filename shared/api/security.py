"""The FastAPI side of identity: the bearer token on every request, and `allow(permission, target)` on every
route, which refuses a caller without the role (403) or without the enterprise (404) before the body is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.api.access_log import log_access
from shared.auth.local import LOCAL_ISSUER
from shared.auth.messages import MessageSigner
from shared.auth.policy import GROUP_ONLY, Policy, default_policy
from shared.auth.principal import Principal
from shared.auth.scope import Access, Directory, TargetFinder, manager_at, whole_group
from shared.auth.tokens import TokenVerifier
from shared.errors import AuthenticationError
from shared.settings import ServiceSettings

PUBLIC_PATHS = frozenset({"/health", "/ready", "/inbox"})  # /inbox is authenticated by message signatures
_bearer = HTTPBearer(auto_error=False, description="An OpenID Connect access token (docs/identity.md)")


@dataclass(frozen=True)
class Security:
    """What a service checks callers with: their tokens, the policy, its directory, its message secrets."""

    verifier: TokenVerifier
    policy: Policy
    directory: Directory | None  # None for a service that keeps no enterprises (the foundation's test app)
    signer: MessageSigner

    @classmethod
    def build(cls, service: str, settings: ServiceSettings, engine: AsyncEngine, tables: Sequence[Table]) -> Security:
        if settings.uses_local_issuer:
            verifier = TokenVerifier(
                issuer=settings.auth_issuer or LOCAL_ISSUER, audience=settings.resolved_audience(service),
                jwks=settings.local_issuer().jwks(), roles_claim=settings.auth_roles_claim,
            )
        else:
            verifier = TokenVerifier(
                issuer=settings.auth_issuer, audience=settings.resolved_audience(service),
                jwks_url=settings.auth_jwks_url, roles_claim=settings.auth_roles_claim,
            )
        directory = Directory(engine, *tables) if tables else None
        return cls(verifier, default_policy(), directory, settings.message_signer(service))


async def authenticate(request: Request) -> Principal:
    """The caller, from `Authorization: Bearer <JWT>` (once per request); 401 problem+json for anything else."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("send an access token: Authorization: Bearer <JWT>", field="Authorization",
                                  rule="token_required")
    security: Security = request.app.state.security
    request.state.principal = await security.verifier.principal(token.strip())
    return request.state.principal


async def current_principal(
    request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """As `authenticate`; declared through HTTPBearer so that Swagger UI's Authorize button sends the token."""
    return await authenticate(request)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def allow(
    permission: str, target: TargetFinder | None = None, *, what: str = "resource", logged: bool = False
) -> DependsParam:
    """A route's permission and what it touches: `dependencies=[allow("tenure.decide", tenure_at())]`.

    Without a target the route itself narrows what it reads or writes with the caller's `Access`. `logged`
    records the read in the access log (personal data: pay, payslips, tenure records).
    """
    finder = whole_group if permission in GROUP_ONLY else target

    async def check(request: Request, principal: PrincipalDep) -> Access:
        security: Security = request.app.state.security
        access = Access.of(principal, permission, security.policy, security.directory)
        if finder is not None:
            try:
                found = await finder(security.directory, {**request.query_params, **request.path_params})
            except KeyError:  # the parameter is missing: validation refuses the request (422) next
                found = None
                request.state.access = access
                return access
            await access.require(found, what)
            if logged and found is not None and found.manager_id is not None:
                await log_access(request, access, found.manager_id)
        request.state.access = access
        return access

    check.permission = permission  # type: ignore[attr-defined]
    return Depends(check)


def allow_one_manager_or_group(manager_permission: str, group_permission: str) -> DependsParam:
    """A check of one manager's streams (`?manager_id=` alone) is for whoever may check that manager's record;
    anything wider needs the group-wide permission."""
    per_manager = allow(manager_permission, manager_at(), what="manager").dependency
    whole = allow(group_permission).dependency

    async def check(request: Request, principal: PrincipalDep) -> Access:
        query = request.query_params
        one_manager = "manager_id" in query and "stream_id" not in query
        return await (per_manager if one_manager else whole)(request, principal)  # type: ignore[misc]

    check.permission = group_permission  # type: ignore[attr-defined]
    return Depends(check)


async def current_access(request: Request) -> Access:
    access = getattr(request.state, "access", None)
    if access is None:  # a route without allow() is a programming error (the service refuses to start with one)
        raise RuntimeError(f"{request.url.path} asks for the caller's access but declares no permission")
    return access


AccessDep = Annotated[Access, Depends(current_access)]


def route_permission(route: APIRoute) -> str | None:
    for dependency in route.dependant.dependencies:
        permission = getattr(dependency.call, "permission", None)
        if permission:
            return permission
    return None


def check_every_route_declares_a_permission(routes: Sequence[Any]) -> None:
    """At start: a route that is neither public nor guarded is a mistake, and the service refuses to run."""
    unguarded = [
        f"{sorted(r.methods)} {r.path}" for r in routes
        if isinstance(r, APIRoute) and r.path not in PUBLIC_PATHS and route_permission(r) is None
    ]
    if unguarded:
        raise RuntimeError(f"routes without a permission: {', '.join(unguarded)}")
