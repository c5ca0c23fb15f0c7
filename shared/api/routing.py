"""The one place where a command's transaction is committed, and where Idempotency-Key is honoured.

Every route of a service uses `CommandRoute`. A handler that needs to write asks for `UowDep`;
after the endpoint has produced its response, the route commits the unit of work (with the
idempotency record, when the request carried a key) if the response is a success, and rolls it
back otherwise. A repeated key with the same request gets the first answer; nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from shared.api.security import authenticate
from shared.errors import ConflictError, InvalidInputError
from shared.eventstore.conflicts import (
    WRITE_ERRORS, broken_constraint, lost_to_another_writer, lost_to_concurrent_writer,
)
from shared.eventstore.db import read_connection
from shared.eventstore.tables import idempotency
from shared.unit_of_work import UnitOfWork

IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRIES_ON_CONFLICT = 3
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class CommandRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        endpoint_handler = super().get_route_handler()

        async def handler(request: Request) -> Response:
            key = request.headers.get(IDEMPOTENCY_HEADER)
            if key is not None and not 0 < len(key) <= 200:
                raise InvalidInputError("Idempotency-Key must be 1 to 200 characters", field=IDEMPOTENCY_HEADER,
                                        rule="max_length")
            fingerprint = await _fingerprint(request) if key else ""
            if key and (earlier := await _earlier_answer(request, key, fingerprint)) is not None:
                return earlier
            # A caller who sent If-Match decided on a version and must hear of a conflict; for the
            # others the command is decided again on the fresh state, which is what they asked for.
            attempts = 1 if "if-match" in request.headers else RETRIES_ON_CONFLICT
            for attempt in range(1, attempts + 1):
                try:
                    return await _run_once(endpoint_handler, request, key, fingerprint)
                except ConflictError as conflict:
                    if conflict.rule != "optimistic_concurrency" or attempt == attempts:
                        raise
                except WRITE_ERRORS as error:  # a projection or the commit ended by the database for another writer
                    if not lost_to_concurrent_writer(error):
                        raise
                    if attempt == attempts:
                        raise lost_to_another_writer() from None
            raise AssertionError("unreachable")

        return handler


async def _run_once(endpoint_handler: Handler, request: Request, key: str | None, fingerprint: str) -> Response:
    try:
        response = await endpoint_handler(request)
        uow: UnitOfWork | None = getattr(request.state, "uow", None)
        if uow is not None and uow.conn is not None and response.status_code < 400:
            return await _commit(uow, request, key, fingerprint, response)
        return response
    finally:
        uow = getattr(request.state, "uow", None)
        if uow is not None:
            await uow.close()
        request.state.uow = None


async def _fingerprint(request: Request) -> str:
    """The request as parsed: JSON bodies compare by content, not by spacing or key order."""
    body = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
        except ValueError:
            pass  # not JSON after all: the endpoint will say so; the raw bytes fingerprint it
    return hashlib.sha256(request.method.encode() + b" " + request.url.path.encode() + b"\n" + body).hexdigest()


async def _caller(request: Request) -> str:
    """Keys are scoped to the authenticated caller: another caller's key never answers this one."""
    return (await authenticate(request)).subject


async def _earlier_answer(request: Request, key: str, fingerprint: str) -> Response | None:
    caller = await _caller(request)
    async with read_connection(request.app.state.wiring.engine) as conn:
        row = (
            await conn.execute(select(idempotency).where(idempotency.c.caller == caller, idempotency.c.key == key))
        ).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise InvalidInputError(
            f"Idempotency-Key {key!r} was first used for a different request",
            field=IDEMPOTENCY_HEADER,
            rule="idempotency_key_reuse",
        )
    headers = {"Idempotent-Replayed": "true"}
    if row.location:
        headers["Location"] = row.location
    return Response(content=row.body, status_code=row.status_code, media_type=row.media_type, headers=headers)


async def _remember(uow: UnitOfWork, request: Request, key: str, fingerprint: str, response: Response) -> None:
    assert uow.conn is not None
    await uow.conn.execute(
        insert(idempotency).values(
            caller=await _caller(request),
            key=key,
            fingerprint=fingerprint,
            status_code=response.status_code,
            body=bytes(response.body),
            media_type=response.media_type or "application/json",
            location=response.headers.get("location"),
            created_at=uow.wiring.clock(),
        )
    )


async def _commit(uow: UnitOfWork, request: Request, key: str | None, fingerprint: str, response: Response) -> Response:
    try:
        if key:
            await _remember(uow, request, key, fingerprint, response)
        await uow.commit()
    except IntegrityError as error:
        if broken_constraint(error, idempotency) is None:
            raise
        # Two requests with one key raced and the other committed first: answer as it did.
        await uow.close()
        earlier = await _earlier_answer(request, key, fingerprint) if key else None
        if earlier is None:
            raise ConflictError("another request changed the same data first; retry", rule="optimistic_concurrency")
        return earlier
    return response
