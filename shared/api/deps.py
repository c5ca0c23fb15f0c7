"""Dependencies every service's endpoints use: who is acting, the unit of work, a read connection."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.errors import InvalidInputError
from shared.eventstore.db import read_connection
from shared.eventstore.store import Metadata
from shared.unit_of_work import UnitOfWork, Wiring


def current_actor(
    x_actor: Annotated[str | None, Header(description="Who gives the command (user or system id); recorded on every event")] = None,
) -> str:
    """The one place that says who is acting; authentication plugs in here."""
    actor = (x_actor or "").strip()
    if not actor:
        raise InvalidInputError("every command must say who gives it", field="X-Actor", rule="actor_required")
    if len(actor) > 200:
        raise InvalidInputError("X-Actor is longer than 200 characters", field="X-Actor", rule="max_length")
    return actor


ActorDep = Annotated[str, Depends(current_actor)]


def get_wiring(request: Request) -> Wiring:
    return request.app.state.wiring


WiringDep = Annotated[Wiring, Depends(get_wiring)]


def unit_of_work(
    request: Request,
    actor: ActorDep,
    wiring: WiringDep,
    x_correlation_id: Annotated[str | None, Header()] = None,
    x_causation_id: Annotated[str | None, Header()] = None,
) -> UnitOfWork:
    """A unit of work for this request; `CommandRoute` commits it after a successful response."""
    meta = Metadata(actor=actor, correlation_id=x_correlation_id or str(uuid.uuid4()), causation_id=x_causation_id)
    uow = UnitOfWork(wiring, meta)
    request.state.uow = uow
    return uow


UowDep = Annotated[UnitOfWork, Depends(unit_of_work)]


def read_unit_of_work(request: Request, wiring: WiringDep) -> UnitOfWork:
    """For queries that rebuild aggregates from their events; it never commits anything."""
    uow = UnitOfWork(wiring, Metadata(actor="reader", correlation_id=str(uuid.uuid4())), readonly=True)
    request.state.uow = uow
    return uow


ReadUowDep = Annotated[UnitOfWork, Depends(read_unit_of_work)]


async def reader(wiring: WiringDep) -> AsyncIterator[AsyncConnection]:
    async with read_connection(wiring.engine) as conn:
        yield conn


ReadDep = Annotated[AsyncConnection, Depends(reader)]


def expected_version(
    if_match: Annotated[
        str | None, Header(description="The version you decided on (the ETag you read); a stale one gets 409")
    ] = None,
) -> int | None:
    if if_match is None:
        return None
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidInputError("If-Match must be a version number such as \"3\"", field="If-Match", rule="version_number")
    return int(value)


IfMatchDep = Annotated[int | None, Depends(expected_version)]
