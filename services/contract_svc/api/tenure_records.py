"""A manager's tenure record across the three services, as of any recorded time: JSON, a printable report,
what changed between two dates, and the hash chains it rests on."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from services.contract_svc.adapters.record_sources import fetch_parts, fetch_verification
from services.contract_svc.api.record import RECORD
from services.contract_svc.api.record_report import render_report
from services.contract_svc.application.tenure_records import assemble, compare
from shared.api.audit import StreamHead, check_chains
from shared.api.deps import ReadDep, ReadUowDep
from shared.api.routing import CommandRoute
from shared.api.security import allow
from shared.auth.scope import manager_at
from shared.errors import InvalidInputError, NotFoundError
from shared.api.records import AsOfDep
from shared.records import build_part, parse_as_of
from shared.unit_of_work import UnitOfWork

router = APIRouter(prefix="/tenure-records", tags=["tenure records"], route_class=CommandRoute)


async def tenure_record(request: Request, uow: UnitOfWork, manager_id: UUID, as_of: datetime) -> dict[str, Any]:
    """This service's part, read here while the others' parts are asked for."""
    peers, own = await asyncio.gather(
        fetch_parts(request.app.state.http, request.app.state.peers, manager_id, as_of, as_the_caller(request)),
        build_part("contract", RECORD, uow, manager_id, as_of),
    )
    if own["manager"] is None:
        raise NotFoundError(f"no manager {manager_id} had been recorded by {as_of.isoformat()}",
                            field="manager_id", rule="exists")
    return assemble(str(manager_id), as_of, {"contract": own, **peers})


def as_the_caller(request: Request) -> dict[str, str]:
    """The caller's own token, for the peers to check (record.read, chain.verify) as they would a direct call."""
    return {"Authorization": request.headers["authorization"]}


@router.get("/{manager_id}", summary="A manager's tenure record as of a date", response_class=JSONResponse,
            dependencies=[allow("record.read", manager_at(), what="manager", logged=True)])
async def get_record(manager_id: UUID, request: Request, uow: ReadUowDep, as_of: AsOfDep) -> JSONResponse:
    """What was agreed, measured, decided and paid, and why, as the services had recorded it by `as_of`.

    `complete` is false when a service did not answer; `sources` says which and why."""
    return JSONResponse(await tenure_record(request, uow, manager_id, as_of))  # plain JSON already: no re-encoding


@router.get("/{manager_id}/report", response_class=HTMLResponse, summary="The record as a printable bilingual report",
            dependencies=[allow("record.read", manager_at(), what="manager", logged=True)])
async def get_report(manager_id: UUID, request: Request, uow: ReadUowDep, as_of: AsOfDep) -> HTMLResponse:
    """任期档案 / tenure record: an HTML page to print or save as PDF, with a timeline of the tenure."""
    return HTMLResponse(render_report(await tenure_record(request, uow, manager_id, as_of)))


@router.get("/{manager_id}/changes", summary="What changed in a manager's record between two dates",
            dependencies=[allow("record.read", manager_at(), what="manager", logged=True)])
async def get_changes(
    manager_id: UUID,
    request: Request,
    uow: ReadUowDep,
    since: Annotated[str, Query(alias="from", description="the earlier as-of: ISO date or date-time")],
    until: Annotated[str | None, Query(alias="to", description="the later as-of; now when omitted")] = None,
) -> dict[str, Any]:
    """Every figure that differs, before and after, and the events recorded between: who, when and why."""
    start, end = parse_as_of(since), parse_as_of(until)
    if start >= end:
        raise InvalidInputError("'from' must be before 'to'", field="from", rule="before_to")
    before = await _record_or_empty(request, uow, manager_id, start)
    after = await tenure_record(request, uow, manager_id, end)
    return compare(before, after)


async def _record_or_empty(request: Request, uow: UnitOfWork, manager_id: UUID, as_of: datetime) -> dict[str, Any]:
    """Before the manager was recorded, the record is empty, and everything after is a change."""
    try:
        return await tenure_record(request, uow, manager_id, as_of)
    except NotFoundError:
        return {"manager_id": str(manager_id), "as_of": as_of.isoformat(), "timeline": []}


@router.get("/{manager_id}/verification", summary="Check the hash chains of every stream of a manager",
            dependencies=[allow("record.verify", manager_at(), what="manager")])
async def verify_manager(manager_id: UUID, request: Request, conn: ReadDep) -> dict[str, Any]:
    """Each service recomputes the chains of its streams of this manager; any break with stream and position."""
    return await _verification(request, conn, manager_id, {})


@router.post("/{manager_id}/verification", summary="Check a manager's streams against a record kept earlier",
             dependencies=[allow("record.verify", manager_at(), what="manager")])
async def verify_against_record(manager_id: UUID, request: Request, conn: ReadDep, kept: KeptRecord) -> dict[str, Any]:
    """As the GET, and each stream compared with its head in a tenure record saved earlier (send the record as
    it was answered): events deleted from the end of a stream, which no chain can show, are found this way."""
    heads = {name: source.streams for name, source in kept.sources.items()}
    return await _verification(request, conn, manager_id, heads)


class KeptSource(BaseModel):
    streams: list[StreamHead] = []


class KeptRecord(BaseModel):
    """The part of a saved tenure record that verification uses."""

    sources: dict[str, KeptSource]


async def _verification(request: Request, conn: AsyncConnection, manager_id: UUID,
                        heads: dict[str, list[StreamHead]]) -> dict[str, Any]:
    own = await RECORD.streams(conn, manager_id)
    contract = (await check_chains(conn, "contract", own.stream_ids, heads.get("contract", []))).model_dump()
    wire = {name: [h.model_dump() for h in hs] for name, hs in heads.items()}
    peers = await fetch_verification(request.app.state.http, request.app.state.peers, manager_id, wire,
                                     as_the_caller(request))
    reports = {"contract": contract, **peers}
    return {
        "manager_id": str(manager_id),
        "intact": all("error" not in r and not r["breaks"] for r in reports.values()),
        "services": reports,
    }
