"""A stand-in subscriber built only from the foundation: it records every message it is sent, once.

Served by uvicorn in end-to-end tests (`tests.e2e.consumer_app:app`), on the database named by
CONSUMER_DATABASE_URL, so that the contract service's relay delivers over real HTTP to a real process. It stands
in for the appraisal service: its inbox takes only messages signed for "appraisal" (the master key in
TENURE_AUTH_DIR), and its feed answers tokens of the local issuer for that audience.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator

from eventsourcing.domain import Aggregate, event
from fastapi import FastAPI

from shared.api.feeds import feed_router
from shared.api.problems import install_problem_handlers
from shared.api.security import Security
from shared.delivery.processor import InboxProcessor
from shared.eventstore.db import create_engine
from shared.eventstore.tables import metadata
from shared.messages import Message
from shared.settings import ServiceSettings
from shared.unit_of_work import UnitOfWork, Wiring

POSING_AS = "appraisal"  # the contract service's subscriber it takes the place of


class Receipt(Aggregate):
    @event("Received")
    def __init__(self, message_id: str, type: str, stream_id: str, version: int) -> None:
        self.message_id, self.type, self.stream_id, self.version = message_id, type, stream_id, version


async def record(uow: UnitOfWork, message: Message) -> None:
    await uow.save(Receipt(message.message_id, message.type, message.stream_id, message.version))


class EveryType(dict):
    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        return record


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    engine = create_engine(os.environ["CONSUMER_DATABASE_URL"])
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    app.state.wiring = wiring = Wiring(source="consumer", engine=engine)
    app.state.security = Security.build(POSING_AS, ServiceSettings(), engine, ())
    processing = asyncio.create_task(InboxProcessor(wiring, EveryType()).run(idle_seconds=5.0))
    yield
    processing.cancel()
    await asyncio.gather(processing, return_exceptions=True)
    await engine.dispose()


app = FastAPI(lifespan=lifespan)
install_problem_handlers(app)
ANSWER_DELAY = float(os.environ.get("CONSUMER_ANSWER_DELAY", "0"))


@app.middleware("http")
async def answer_late(request, call_next):  # type: ignore[no-untyped-def]
    """With CONSUMER_ANSWER_DELAY, a delivery is recorded (committed) and then answered that much later: a
    sender killed meanwhile never learns that its batch arrived."""
    response = await call_next(request)
    if ANSWER_DELAY and request.url.path == "/inbox":
        await asyncio.sleep(ANSWER_DELAY)
    return response
app.include_router(feed_router())


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}
