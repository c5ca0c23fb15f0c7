"""A service of the foundation's error handling only, served by uvicorn in tests/faults: its route answers, and
then the dependency it used fails in its teardown, as a pooled connection's rollback does when the database went
away between the query and the end of the request (asyncpg: "cannot switch to state 15; another operation is in
progress", seen in the contract service during a PostgreSQL restart)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI

from shared.api.problems import AnswerUnknownErrors, install_problem_handlers


class RollbackFailed(Exception):
    """What the connection's close raised: the client had its answer by then."""


async def connection() -> AsyncIterator[str]:
    yield "a connection"
    raise RollbackFailed("cannot switch to state 15; another operation (2) is in progress")


app = FastAPI()
install_problem_handlers(app)
app.add_middleware(AnswerUnknownErrors)


@app.get("/answered-then-failed")
async def answered_then_failed(conn: Annotated[str, Depends(connection)]) -> dict[str, str]:
    return {"read with": conn}


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
