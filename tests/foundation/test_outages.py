"""An outage of the database is a 503 problem with Retry-After, known by the driver's error, not its message;
any other unknown error stays a 500 without internals; both are answered inside the app, never raised again to
the server (which would drop the client's kept-alive connection)."""

from __future__ import annotations

import sqlite3

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from shared.api.problems import AnswerUnknownErrors, install_problem_handlers


def _sqlite(errorname: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("no such thing")
    error.sqlite_errorname = errorname  # type: ignore[attr-defined]
    return error


def _wrapped(orig: BaseException, invalidated: bool = False) -> DBAPIError:
    return OperationalError("SELECT 1", {}, orig, connection_invalidated=invalidated)  # type: ignore[arg-type]


OUTAGES = {
    "postgres shutting down (57P01)": lambda: asyncpg.exceptions.AdminShutdownError("bye"),
    "postgres starting up (57P03)": lambda: asyncpg.exceptions.CannotConnectNowError("starting"),
    "connection lost (class 08)": lambda: asyncpg.exceptions.ConnectionDoesNotExistError("gone"),
    "read-only (25006)": lambda: _wrapped(asyncpg.exceptions.ReadOnlySQLTransactionError("read only")),
    "disk full (53100)": lambda: _wrapped(asyncpg.exceptions.DiskFullError("full")),
    "too many connections (53300)": lambda: asyncpg.exceptions.TooManyConnectionsError("too many"),
    "connection refused": lambda: ConnectionRefusedError(111, "refused"),
    "socket error under the driver": lambda: _wrapped(OSError(113, "no route to host")),
    "connection invalidated": lambda: _wrapped(Exception("closed"), invalidated=True),
    "no pooled connection in time": lambda: PoolTimeoutError("QueuePool limit"),
    "no connection within the connect timeout": lambda: TimeoutError(),
    "sqlite read-only file": lambda: _wrapped(_sqlite("SQLITE_READONLY")),
    "sqlite disk full": lambda: _wrapped(_sqlite("SQLITE_FULL")),
    "sqlite locked": lambda: _wrapped(_sqlite("SQLITE_BUSY")),
}
NOT_OUTAGES = {
    "a bug": lambda: ValueError("a bug"),
    "a file of ours missing": lambda: FileNotFoundError(2, "missing"),
    "a syntax error (42601)": lambda: _wrapped(asyncpg.exceptions.PostgresSyntaxError("syntax")),
    "sqlite syntax": lambda: _wrapped(_sqlite("SQLITE_ERROR")),
}


def _app(make) -> FastAPI:  # type: ignore[no-untyped-def]
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(AnswerUnknownErrors)

    @app.get("/fail")
    async def fail() -> None:
        try:
            raise make()
        except Exception as error:  # raised from, as SQLAlchemy raises its wrapper from the driver's error
            raise RuntimeError("while serving") from error

    return app


async def _answer(make) -> httpx.Response:  # type: ignore[no-untyped-def]
    # raise_app_exceptions (the default): an error raised again to the server, which would close a kept-alive
    # connection, fails the test instead of being answered
    transport = httpx.ASGITransport(app=_app(make))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/fail")


@pytest.mark.parametrize("make", OUTAGES.values(), ids=OUTAGES.keys())
async def test_a_database_outage_is_a_503_problem_with_retry_after(make) -> None:  # type: ignore[no-untyped-def]
    answer = await _answer(make)
    assert answer.status_code == 503 and answer.headers["retry-after"].isdigit(), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert (answer.json()["field"], answer.json()["rule"]) == ("database", "database_available")


@pytest.mark.parametrize("make", NOT_OUTAGES.values(), ids=NOT_OUTAGES.keys())
async def test_any_other_unknown_error_is_a_500_without_internals(make) -> None:  # type: ignore[no-untyped-def]
    answer = await _answer(make)
    assert answer.status_code == 500 and "retry-after" not in answer.headers
    assert "while serving" not in answer.text and "Traceback" not in answer.text
