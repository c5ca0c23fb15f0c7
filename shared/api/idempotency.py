"""Idempotency-Key: a key is claimed before its command runs, and a duplicate replays the first answer.

Claiming. The key is claimed for the whole command by a lock on hash(caller, key), so that a duplicate sent while
the first is still running waits for it and then replays its answer, instead of racing it to the idempotency row
(which wrote one event but told most duplicates 409 or 422). Two locks, because duplicates come from one process
(an HTTP client retrying on a kept-alive pool) or from several (a load balancer spreading the retries):
- an `asyncio.Lock` per key in this process: a waiting duplicate holds no database connection, so ten of them
  cannot drain the pool the first one needs to finish;
- on PostgreSQL, a session advisory lock (`pg_advisory_lock`) on a connection of its own, for the duplicates
  another process of the service receives. It is taken with `lock_timeout`, so the wait is bounded by the
  server. SQLite has a single writer and one process per file in this project; the in-process lock suffices,
  and the idempotency row's primary key still settles a cross-process race (routing answers as the first did).
We chose locks over an "in progress" row: a row written in its own transaction outlives a killed process and
would need a lease and a sweeper; a lock dies with its session.

A duplicate that waited longer than `CLAIM_WAIT_SECONDS` gets 409 `idempotency_in_progress` with `Retry-After`.
Only successful answers are remembered (routing commits them with the command's events), so when the first
failed, a duplicate finds no answer after the wait and runs the command itself.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from fastapi import Response
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.errors import InvalidInputError, RetryLaterConflictError
from shared.eventstore.conflicts import driver_exception
from shared.eventstore.db import read_connection
from shared.eventstore.tables import idempotency
from shared.unit_of_work import UnitOfWork

IDEMPOTENCY_HEADER = "Idempotency-Key"
CLAIM_WAIT_SECONDS = 30.0  # longer than any command takes when the database answers; then Retry-After
LOCK_NOT_AVAILABLE = "55P03"
# by engine (one per service's database), caller, key: the lock and how many hold or wait for it
_claims: dict[tuple[int, str, str], tuple[asyncio.Lock, list[int]]] = {}


def still_in_progress(key: str) -> RetryLaterConflictError:
    return RetryLaterConflictError(f"a request with Idempotency-Key {key!r} is still being processed; retry later",
                                   field=IDEMPOTENCY_HEADER, rule="idempotency_in_progress")


@asynccontextmanager
async def claimed(engine: AsyncEngine, caller: str, key: str) -> AsyncIterator[None]:
    """Hold the key for the caller while the command runs; raise `still_in_progress` after the bound."""
    claim = (id(engine), caller, key)
    lock, users = _claims.setdefault(claim, (asyncio.Lock(), [0]))
    users[0] += 1  # holder and waiters: the entry goes when the last of them does, not while one still waits
    try:
        try:
            async with asyncio.timeout(CLAIM_WAIT_SECONDS):
                await lock.acquire()
        except TimeoutError:
            raise still_in_progress(key) from None
        try:
            if engine.dialect.name != "postgresql":
                yield
                return
            async with _advisory_lock(engine, caller, key):
                yield
        finally:
            lock.release()
    finally:
        users[0] -= 1
        if users[0] == 0 and _claims.get(claim, (None, None))[0] is lock:
            del _claims[claim]  # nobody holds or waits for it: the table does not grow with every key ever sent


@asynccontextmanager
async def _advisory_lock(engine: AsyncEngine, caller: str, key: str) -> AsyncIterator[None]:
    lock_id = int.from_bytes(hashlib.sha256(f"{caller}\n{key}".encode()).digest()[:8], "big", signed=True)
    async with engine.connect() as conn:
        # LOCAL: the bound ends with this transaction, not left on the pooled session for later commands
        await conn.execute(text(f"SET LOCAL lock_timeout = {int(CLAIM_WAIT_SECONDS * 1000)}"))
        try:
            await conn.execute(text("SELECT pg_advisory_lock(:id)"), {"id": lock_id})
        except DBAPIError as error:
            if getattr(driver_exception(error), "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            raise still_in_progress(key) from None
        await conn.commit()  # the lock is the session's; no transaction stays open while the command runs
        try:
            yield
        finally:
            # Unlocked before the connection goes back to the pool; if that fails the connection is dropped,
            # which ends its session and the lock with it.
            try:
                await conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": lock_id})
                await conn.commit()
            except DBAPIError:
                await conn.invalidate()


async def earlier_answer(engine: AsyncEngine, caller: str, key: str, fingerprint: str) -> Response | None:
    """The answer remembered for the key, replayed; None when no request with it has succeeded."""
    async with read_connection(engine) as conn:
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
    if row.etag:
        headers["ETag"] = row.etag
    return Response(content=row.body, status_code=row.status_code, media_type=row.media_type, headers=headers)


async def remember(uow: UnitOfWork, caller: str, key: str, fingerprint: str, response: Response) -> None:
    """Record the answer in the command's own transaction: it is remembered if and only if the command landed."""
    assert uow.conn is not None
    await uow.conn.execute(
        insert(idempotency).values(
            caller=caller,
            key=key,
            fingerprint=fingerprint,
            status_code=response.status_code,
            body=bytes(response.body),
            media_type=response.media_type or "application/json",
            location=response.headers.get("location"),
            etag=response.headers.get("etag"),
            created_at=uow.wiring.clock(),
        )
    )


def fingerprint_of(method: str, path: str, body: bytes | Iterable[bytes]) -> str:
    """The SHA-256 of the method, path and body (given whole, or in pieces hashed as they come)."""
    digest = hashlib.sha256(method.encode() + b" " + path.encode() + b"\n")
    for piece in [body] if isinstance(body, bytes) else body:
        digest.update(piece)
    return digest.hexdigest()
