"""RFC 9457 problem+json for every error: ours, validation, HTTP, and the unknown."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import TenureSystemError

PROBLEM = "application/problem+json"
TYPE_BASE = "https://tenure.example/problems/"
log = logging.getLogger(__name__)


def problem(status: int, type_slug: str, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    body = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **{k: v for k, v in extra.items() if v is not None},
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


async def _on_ours(request: Request, error: TenureSystemError) -> JSONResponse:
    return problem(
        error.status, error.type_slug, error.title, error.detail, request,
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
    slug = {404: "not-found", 405: "method-not-allowed"}.get(error.status_code, "http-error")
    return problem(error.status_code, slug, str(error.detail), str(error.detail), request)


async def _on_unknown(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "internal-error", "Internal error", "The service failed; the error has been logged.", request)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(TenureSystemError, _on_ours)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_unknown)
