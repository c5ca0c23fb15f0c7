"""The project's error hierarchy; the API renders every one as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any


class TenureSystemError(Exception):
    """Base of every error the services raise on purpose.

    `field` names the input at fault (a dotted path such as `kpis.2.weight`) and `rule`
    names the rule it broke, so a caller can act on the error without parsing prose.
    """

    status = 400
    type_slug = "bad-request"
    title = "The request breaks a rule"
    headers: dict[str, str] = {}

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.rule = rule
        self.extra = extra


class RuleViolationError(TenureSystemError):
    """A command that breaks a business rule of DOMAIN.md."""

    status = 422
    type_slug = "rule-violation"
    title = "The command breaks a business rule"


class InvalidInputError(TenureSystemError):
    """Input that is malformed before any rule is applied."""

    status = 422
    type_slug = "invalid-input"
    title = "The input is invalid"


class NotFoundError(TenureSystemError):
    status = 404
    type_slug = "not-found"
    title = "Not found"


class ConflictError(TenureSystemError):
    """Another writer changed the stream first, or a unique business key is taken."""

    status = 409
    type_slug = "conflict"
    title = "Conflict"


class AuthenticationError(TenureSystemError):
    """No token, or one that is expired, forged, from another issuer or for another audience (and for
    messages: unsigned, forged, stale or addressed to another service). Nothing is written."""

    status = 401
    type_slug = "unauthenticated"
    title = "Authentication required"
    headers = {"WWW-Authenticate": 'Bearer realm="tenure"'}


class ServiceUnavailableError(TenureSystemError):
    """Something the service depends on (its database, the identity provider) does not answer; retry later."""

    status = 503
    type_slug = "unavailable"
    title = "Service unavailable"
    headers = {"Retry-After": "5"}


class ForbiddenError(TenureSystemError):
    """The actor lacks the authority the rule requires (for example a signer)."""

    status = 403
    type_slug = "forbidden"
    title = "Not authorised"


class BrokenStreamError(TenureSystemError):
    """A stored stream cannot be replayed: its events were edited, deleted or reordered (see GET /verify)."""

    status = 500
    type_slug = "broken-stream"
    title = "A stored event stream is broken"


class NotAtHeadError(RuntimeError):
    """The database schema is not at the migration head; the service refuses to start."""
