"""The project's error hierarchy; the API renders every one as RFC 9457 problem+json.

Each kind of error says, as class keywords, the HTTP status it answers, the slug of its problem type and its
title; `shared/api/problems.py` renders them."""

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

    def __init_subclass__(
        cls, *, status: int | None = None, type_slug: str | None = None, title: str | None = None,
        headers: dict[str, str] | None = None, **kwargs: Any,
    ) -> None:
        """A kind of error: what it answers, where not the same as the kind it refines."""
        super().__init_subclass__(**kwargs)
        given = {"status": status, "type_slug": type_slug, "title": title, "headers": headers}
        for name, value in given.items():
            if value is not None:
                setattr(cls, name, value)

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

    def within(self, path: str, label: str) -> TenureSystemError:
        """The same refusal of one item of a list: its field under `path` (`items.3`), its detail led by `label`."""
        field = f"{path}.{self.field}" if self.field else path
        return type(self)(f"{label}: {self.detail}", field=field, rule=self.rule, **self.extra)


class RuleViolationError(TenureSystemError, status=422, type_slug="rule-violation",
                         title="The command breaks a business rule"):
    """A command that breaks a business rule of DOMAIN.md."""


class InvalidInputError(TenureSystemError, status=422, type_slug="invalid-input", title="The input is invalid"):
    """Input that is malformed before any rule is applied."""


class NotFoundError(TenureSystemError, status=404, type_slug="not-found", title="Not found"):
    """Nothing of that id, or nothing the caller's roles reach."""


class ConflictError(TenureSystemError, status=409, type_slug="conflict", title="Conflict"):
    """Another writer changed the stream first, or a unique business key is taken."""


class AuthenticationError(TenureSystemError, status=401, type_slug="unauthenticated", title="Authentication required",
                          headers={"WWW-Authenticate": 'Bearer realm="tenure"'}):
    """No token, or one that is expired, forged, from another issuer or for another audience (and for
    messages: unsigned, forged, stale or addressed to another service). Nothing is written."""


class ServiceUnavailableError(TenureSystemError, status=503, type_slug="unavailable", title="Service unavailable",
                              headers={"Retry-After": "5"}):
    """Something the service depends on (its database, the identity provider) does not answer; retry later."""


class ForbiddenError(TenureSystemError, status=403, type_slug="forbidden", title="Not authorised"):
    """The actor lacks the authority the rule requires (for example a signer)."""


class BrokenStreamError(TenureSystemError, status=500, type_slug="broken-stream",
                        title="A stored event stream is broken"):
    """A stored stream cannot be replayed: its events were edited, deleted or reordered (see GET /verify)."""


class NotAtHeadError(RuntimeError):
    """The database schema is not at the migration head; the service refuses to start."""


class RetryLaterConflictError(ConflictError, headers={"Retry-After": "1"}):
    """A conflict that clears by itself: another request with the same key is still running, or the stream was
    too busy for this command to land within the server's bound on retries. Send the same request again."""
