"""RFC 9457 problem+json for every error: ours, validation, HTTP, and the unknown."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import ServiceUnavailableError, TenureSystemError
from shared.eventstore.outages import is_outage

PROBLEM = "application/problem+json"
TYPE_BASE = "https://tenure.example/problems/"
log = logging.getLogger(__name__)


def problem(
    status: int, type_slug: str, title: str, detail: str, request: Request,
    headers: dict[str, str] | None = None, **extra: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def _on_ours(request: Request, error: TenureSystemError) -> JSONResponse:
    return problem(
        error.status, error.type_slug, error.title, error.detail, request, headers=error.headers or None,
        field=error.field, rule=error.rule, **error.extra,
    )


def _field_of(location: tuple[Any, ...] | list[Any]) -> str:
    """`('body', 'kpis', 2, 'weight')` → `kpis.2.weight`; headers and queries keep their name."""
    parts = [str(p) for p in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] or parts
    return ".".join(parts)


async def _on_validation(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [
        {
            # a JSON syntax error's location is a character offset, not a field
            "field": "body" if e.get("type") == "json_invalid" else _field_of(e.get("loc", ())),
            "rule": e.get("type", "invalid"),
            "message": e.get("msg", ""),
        }
        for e in error.errors()
    ]
    first = errors[0] if errors else {"field": None, "rule": "invalid", "message": "invalid request"}
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return problem(
        422, "invalid-input", "The input is invalid", detail, request,
        field=first["field"], rule=first["rule"], errors=errors,
    )


async def _on_http(request: Request, error: StarletteHTTPException) -> JSONResponse:
    slug = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large", 422: "invalid-input"}.get(
        error.status_code, "http-error")
    title = {413: "The request body is too large", 422: "The input is invalid"}.get(error.status_code, str(error.detail))
    extra = {413: {"field": "body", "rule": "max_body_bytes"}, 422: {"field": "body", "rule": "utf8"}}.get(
        error.status_code, {})
    return problem(error.status_code, slug, title, str(error.detail), request, **extra)


async def _on_unknown(request: Request, error: Exception) -> JSONResponse:
    if is_outage(error):  # the database is away for now: the client retries; one line, not a traceback
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(error).__name__)
        unavailable = ServiceUnavailableError("the database does not answer, or cannot take writes now; retry later",
                                              field="database", rule="database_available")
        return await _on_ours(request, unavailable)
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "internal-error", "Internal error", "The service failed; the error has been logged.", request)


class AnswerUnknownErrors:
    """An error no handler took is answered here, inside the app, as a problem (500, or 503 for an outage).
    Left to Starlette's ServerErrorMiddleware, it would be answered and then raised again to the server,
    which closes the connection: a kept-alive client's next requests on it would get no answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as error:  # noqa: BLE001 - answered as a problem, logged by _on_unknown
            if started:  # half an answer has gone out: nothing sound can follow it
                raise
            await (await _on_unknown(Request(scope), error))(scope, receive, send)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(TenureSystemError, _on_ours)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unknown)


_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "instance": {"type": "string"},
        "field": {"type": "string"}, "rule": {"type": "string"},
    },
}
_PROBLEM_CONTENT = {PROBLEM: {"schema": _PROBLEM_SCHEMA}}
_STATUSES = {
    400: "The body cannot be read",
    401: "No valid access token (or, for /inbox, no valid message signature)",
    403: "Your roles do not include this permission",
    404: "Not found, or outside the enterprises your roles reach",
    409: "Conflict: the data changed first (If-Match, rule `optimistic_concurrency`), or the business key is taken; "
         "with `Retry-After`: the stream stayed too busy for the server's retries, or a request with this "
         "Idempotency-Key is still running (rule `idempotency_in_progress`): send the same request again",
    413: "The request body is too large",
    422: "The input is invalid or breaks a business rule (`field` and `rule` say which); If-Match on a command "
         "that has no single version to match is refused (`if_match_not_supported`)",
    500: "Internal error (nothing of it in the body)",
    503: "The database or another dependency does not answer, or cannot take writes now (rule "
         "`database_available`); retry after `Retry-After` seconds, with the same Idempotency-Key",
}


def document_problems(routes: Sequence[Any]) -> None:
    """Every route documents the problem statuses it can answer, as problem+json (RFC 9457)."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        public = route.path in {"/health", "/ready"}
        for status, description in _STATUSES.items():
            if public and status in {400, 401, 403, 404, 409, 413, 422}:
                continue
            entry = route.responses.setdefault(status, {})
            entry.setdefault("description", description)
            entry.setdefault("content", _PROBLEM_CONTENT)
