"""The one place where a command's transaction is committed, and where Idempotency-Key is honoured.

Every route of a service uses `CommandRoute`. A handler that needs to write asks for `UowDep`;
after the endpoint has produced its response, the route commits the unit of work (with the
idempotency record, when the request carried a key) if the response is a success, and rolls it
back otherwise. A repeated key with the same request gets the first answer; nothing is written.
Concurrent duplicates of one key are serialised by a claim on the key (`shared/api/idempotency.py`): the
later ones wait, then replay the first answer, or after `CLAIM_WAIT_SECONDS` get 409 `idempotency_in_progress`
with `Retry-After` (a problem every POST route may answer; "send the same request again later").

If-Match. A route whose endpoint reads If-Match (`IfMatchDep`) holds the command to that version; any other
command route refuses a request that carries If-Match (422 `if_match_not_supported`): it creates its records
or writes several streams, so no one version could be matched, and silently ignoring a precondition the
client sent would let it believe it was honoured.

Conflicts. A caller who sent If-Match decided on a version and hears of any conflict at once (409
`optimistic_concurrency` naming If-Match). For the others the command is decided again on the fresh state,
which is what they asked for, after a jittered exponential backoff ("full jitter": a random pause up to a
doubling cap, so that writers who collided do not collide again in step) until it lands, as long as
`RETRY_BUDGET_SECONDS` allows; a deadlock the database broke against this transaction is retried alike. Past
the budget the answer is 409 with `Retry-After`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy.exc import IntegrityError

from shared.api.idempotency import IDEMPOTENCY_HEADER, claimed, earlier_answer, fingerprint_of, remember
from shared.api.json_text import canonical_json
from shared.api.security import authenticate
from shared.errors import ConflictError, InvalidInputError, RetryLaterConflictError
from shared.eventstore.conflicts import WRITE_ERRORS, broken_constraint, lost_to_concurrent_writer
from shared.eventstore.tables import idempotency
from shared.unit_of_work import UnitOfWork

RETRY_BUDGET_SECONDS = 15.0  # the longest a command without If-Match is decided again before 409 + Retry-After
FIRST_BACKOFF_SECONDS = 0.005
MAX_BACKOFF_SECONDS = 0.25
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class CommandRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        endpoint_handler = super().get_route_handler()
        honours_if_match = _takes_if_match(self)

        async def handler(request: Request) -> Response:
            if "if-match" in request.headers and not honours_if_match and request.method in WRITES:
                raise InvalidInputError(
                    "this command decides on no single version (it creates its records, or writes several), so it "
                    "cannot honour If-Match; send it without", field="If-Match", rule="if_match_not_supported")
            key = request.headers.get(IDEMPOTENCY_HEADER)
            if key is None:
                return await _decide(endpoint_handler, request, None, "")
            if not 0 < len(key) <= 200:
                raise InvalidInputError("Idempotency-Key must be 1 to 200 characters", field=IDEMPOTENCY_HEADER,
                                        rule="max_length")
            fingerprint, caller, engine = await _fingerprint(request), await _caller(request), _engine(request)
            if (earlier := await earlier_answer(engine, caller, key, fingerprint)) is not None:
                return earlier  # answered before: no claim needed
            async with claimed(engine, caller, key):
                if (earlier := await earlier_answer(engine, caller, key, fingerprint)) is not None:
                    return earlier  # a duplicate that waited for the first
                return await _decide(endpoint_handler, request, key, fingerprint)

        return handler


async def _decide(endpoint_handler: Handler, request: Request, key: str | None, fingerprint: str) -> Response:
    """Run the command; without If-Match, again on the fresh state after each conflict, within the budget."""
    if_match = "if-match" in request.headers
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RETRY_BUDGET_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            return await _run_once(endpoint_handler, request, key, fingerprint)
        except ConflictError as conflict:
            if conflict.rule != "optimistic_concurrency":
                raise
            if if_match:
                raise _naming_if_match(conflict) from None
        except WRITE_ERRORS as error:  # a projection or the commit ended by the database for another writer
            if not lost_to_concurrent_writer(error):
                raise
            if if_match:
                raise _naming_if_match(None) from None
        pause = random.uniform(0, min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2**attempt))
        if loop.time() + pause > deadline:
            raise RetryLaterConflictError(
                f"the records this command writes changed under it {attempt} times; send it again later",
                field="expected_version", rule="optimistic_concurrency")
        await asyncio.sleep(pause)


def _takes_if_match(route: APIRoute) -> bool:
    """Whether the endpoint reads If-Match (`shared/api/deps.py` `IfMatchDep`) and so can honour it."""
    def reads(dependant: Dependant) -> bool:
        return any(p.alias.lower() == "if-match" for p in dependant.header_params) or any(
            reads(sub) for sub in dependant.dependencies)

    return reads(route.dependant)


def _naming_if_match(conflict: ConflictError | None) -> ConflictError:
    """The store names its own argument; the caller's is the If-Match header they sent."""
    detail = conflict.detail if conflict else "another command wrote the same records at the same moment"
    return ConflictError(f"{detail}; the If-Match version sent is stale: reload and decide again",
                         field="If-Match", rule="optimistic_concurrency")


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
    """The request as parsed: JSON bodies compare by content, not by spacing or key order (a large body's
    canonical JSON hashed a piece at a time, never held parsed whole)."""
    body = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            return fingerprint_of(request.method, request.url.path, (p.encode() for p in canonical_json(body)))
        except ValueError:
            pass  # not JSON after all: the endpoint will say so; the raw bytes fingerprint it
    return fingerprint_of(request.method, request.url.path, body)


async def _caller(request: Request) -> str:
    """Keys are scoped to the authenticated caller: another caller's key never answers this one."""
    return (await authenticate(request)).subject


def _engine(request: Request):  # type: ignore[no-untyped-def]
    return request.app.state.wiring.engine


async def _commit(uow: UnitOfWork, request: Request, key: str | None, fingerprint: str, response: Response) -> Response:
    try:
        if key:
            await remember(uow, await _caller(request), key, fingerprint, response)
        await uow.commit()
    except IntegrityError as error:
        if broken_constraint(error, idempotency) is None:
            raise
        # Another process of the service (SQLite: no claim across processes) committed the key first.
        await uow.close()
        earlier = await earlier_answer(_engine(request), await _caller(request), key, fingerprint) if key else None
        if earlier is None:
            raise ConflictError("another request changed the same data first; retry", rule="optimistic_concurrency")
        return earlier
    return response
