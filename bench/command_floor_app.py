"""The floor of a command on this stack, served by uvicorn for bench/command_floor.py: FastAPI, a pydantic body
of a manager's registration, and one transaction of two INSERTs (an event row and an outbox row), through the
project's SQLAlchemy engine (`/sqlalchemy`) or a bare asyncpg pool (`/asyncpg`); and `/health` as the services
answer it. No authentication, idempotency, hash chain, aggregate or read model: what no command can go below."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import text

from shared.eventstore.db import create_engine

URL = os.environ["FLOOR_DATABASE_URL"]  # postgresql://...
ENGINE = create_engine(URL)
TABLES = ("CREATE TABLE IF NOT EXISTS floor_events (id bigserial PRIMARY KEY, stream_id text, version int, "
          "topic text, state bytea)", "CREATE TABLE IF NOT EXISTS floor_outbox (id bigserial PRIMARY KEY, "
          "destination text, body text)")
EVENT = "INSERT INTO floor_events (stream_id, version, topic, state) VALUES ($1, 1, $2, $3)"
OUTBOX = "INSERT INTO floor_outbox (destination, body) VALUES ($1, $2)"
EVENT_TEXT = text("INSERT INTO floor_events (stream_id, version, topic, state) VALUES (:s, 1, :t, :b)")
OUTBOX_TEXT = text("INSERT INTO floor_outbox (destination, body) VALUES (:d, :b)")
POOL: list[asyncpg.Pool] = []


class Registration(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    level: str
    position: str
    title: str | None = None
    enterprise_id: uuid.UUID


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    POOL.append(await asyncpg.create_pool(URL, min_size=2, max_size=10))
    async with ENGINE.begin() as conn:
        for statement in TABLES:
            await conn.execute(text(statement))
    yield
    await POOL[0].close()
    await ENGINE.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/sqlalchemy", status_code=201)
async def through_sqlalchemy(body: Registration) -> dict[str, str]:
    stream_id, state = str(uuid.uuid4()), body.model_dump_json().encode()
    async with ENGINE.begin() as conn:
        await conn.execute(EVENT_TEXT, {"s": stream_id, "t": "Manager.Registered", "b": state})
        await conn.execute(OUTBOX_TEXT, {"d": "appraisal", "b": state.decode()})
    return {"id": stream_id}


@app.post("/asyncpg", status_code=201)
async def through_asyncpg(body: Registration) -> dict[str, str]:
    stream_id, state = str(uuid.uuid4()), body.model_dump_json().encode()
    async with POOL[0].acquire() as conn, conn.transaction():
        await conn.execute(EVENT, stream_id, "Manager.Registered", state)
        await conn.execute(OUTBOX, "appraisal", state.decode())
    return {"id": stream_id}
