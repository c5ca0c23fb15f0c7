"""Dependencies every service's endpoints use: the unit of work (acting as the caller), a read connection.

Every dependency is `async def`, though none awaits anything slow: FastAPI runs a plain `def` dependency in a
worker thread, a thread hop (and its CPU) per dependency per request."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.api.security import PrincipalDep
from shared.errors import InvalidInputError
from shared.eventstore.db import read_connection
from shared.eventstore.store import Metadata
from shared.unit_of_work import UnitOfWork, Wiring


async def get_wiring(request: Request) -> Wiring:
    return request.app.state.wiring


WiringDep = Annotated[Wiring, Depends(get_wiring)]


async def unit_of_work(
    request: Request,
    principal: PrincipalDep,
    wiring: WiringDep,
    x_correlation_id: Annotated[str | None, Header(max_length=36)] = None,
    x_causation_id: Annotated[str | None, Header(max_length=80)] = None,
) -> UnitOfWork:
    """A unit of work acting as the authenticated caller; `CommandRoute` commits it after a successful response.

    The events record the token's subject and name and the grants the route allowed the command through;
    no header can choose them.
    """
    access = getattr(request.state, "access", None)
    meta = Metadata(
        actor=principal.subject,
        correlation_id=x_correlation_id or str(uuid.uuid4()),
        causation_id=x_causation_id,
        actor_name=principal.name,
        actor_roles=tuple(principal.roles()),
    )
    uow = UnitOfWork(wiring, meta, acting_in=access.acted_in if access is not None else None)
    request.state.uow = uow
    return uow


UowDep = Annotated[UnitOfWork, Depends(unit_of_work)]


async def read_unit_of_work(request: Request, wiring: WiringDep) -> UnitOfWork:
    """For queries that rebuild aggregates from their events; it never commits anything."""
    uow = UnitOfWork(wiring, Metadata(actor="reader", correlation_id=str(uuid.uuid4())), readonly=True)
    request.state.uow = uow
    return uow


ReadUowDep = Annotated[UnitOfWork, Depends(read_unit_of_work)]


async def reader(wiring: WiringDep) -> AsyncIterator[AsyncConnection]:
    async with read_connection(wiring.engine) as conn:
        yield conn


ReadDep = Annotated[AsyncConnection, Depends(reader)]


async def expected_version(
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
