"""The routes auditors and operators use on every service: a manager's record part, chain checks, rebuilds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from shared.api.access_log import AccessPublic
from shared.api.deps import ReadDep, ReadUowDep, UowDep
from shared.api.security import allow, allow_one_manager_or_group
from shared.api.routing import CommandRoute
from shared.auth.scope import manager_at
from shared.eventstore.chain import check_anchor, verify_stream
from shared.eventstore.recorded import RecordedEvent
from shared.eventstore.tables import access_log, events
from shared.api.records import AsOfDep
from shared.records import RecordSpec, build_part
from shared.replay import rebuild_read_models
from shared.unit_of_work import Projector


class ChainBreakPublic(BaseModel):
    stream_id: str
    position: int
    problem: str


class ChainReport(BaseModel):
    service: str
    streams_checked: int
    events_checked: int
    breaks: list[ChainBreakPublic]


class RebuildReport(BaseModel):
    service: str
    read_models: list[str]
    streams: int
    events: int
    seconds: float
    events_per_s: int


class StreamHead(BaseModel):
    """A stream's length and last hash as a tenure record showed them (`sources.<service>.streams`)."""

    stream_id: str
    version: int = Field(ge=1)
    hash: str


async def check_chains(
    conn: AsyncConnection, service: str, stream_ids: Sequence[str] | None = None, heads: Sequence[StreamHead] = ()
) -> ChainReport:
    """Recompute the chains of the given streams, or of every stream; compare them with heads kept earlier."""
    query = select(events).order_by(events.c.stream_id, events.c.version)
    if stream_ids is not None:
        query = query.where(events.c.stream_id.in_(sorted({*stream_ids, *(h.stream_id for h in heads)})))
    streams: dict[str, list[RecordedEvent]] = {h.stream_id: [] for h in heads}
    for row in (await conn.execute(query)).all():
        record = RecordedEvent.from_row(row)
        streams.setdefault(record.stream_id, []).append(record)
    breaks = [b for sid, rows in streams.items() for b in verify_stream(sid, rows)]
    breaks += [b for h in heads for b in check_anchor(h.stream_id, streams[h.stream_id], h.version, h.hash)]
    return ChainReport(
        service=service,
        streams_checked=len(streams),
        events_checked=sum(len(rows) for rows in streams.values()),
        breaks=[ChainBreakPublic(stream_id=b.stream_id, position=b.position, problem=b.problem) for b in breaks],
    )


def audit_router(
    service: str, record: RecordSpec | None, read_models: Sequence[Table], projector: Projector | None
) -> APIRouter:
    """Chain checks and the access log on every service; a record part and rebuilds where it has them."""
    router = APIRouter(route_class=CommandRoute, tags=["audit"])
    _add_verify_routes(router, service, record)
    if record is not None:
        _add_record_part_route(router, service, record)
    if projector is not None and read_models:
        _add_rebuild_route(router, service, read_models, projector)
    _add_access_log_route(router)
    return router


def _add_verify_routes(router: APIRouter, service: str, record: RecordSpec | None) -> None:
    @router.get("/verify", response_model=ChainReport, summary="Recompute the hash chains of this service's streams",
                dependencies=[allow_one_manager_or_group("record.verify", "chain.verify")])
    async def verify(
        conn: ReadDep,
        stream_id: Annotated[str | None, Query(description="one stream")] = None,
        manager_id: Annotated[UUID | None, Query(description="every stream of this service concerning a manager")] = None,
    ) -> ChainReport:
        """Every edited, deleted or reordered event, with its stream and position (1 = the stream's first)."""
        chosen = [stream_id] if stream_id else None
        if manager_id and record is not None:
            chosen = [*(chosen or []), *(await record.streams(conn, manager_id)).stream_ids]
        return await check_chains(conn, service, chosen)

    @router.post("/verify", response_model=ChainReport, summary="Check streams against heads kept earlier",
                 dependencies=[allow_one_manager_or_group("record.verify", "chain.verify")])
    async def verify_against(
        conn: ReadDep,
        heads: list[StreamHead],
        manager_id: Annotated[UUID | None, Query(description="also every stream of this service concerning a manager")] = None,
    ) -> ChainReport:
        """Each given stream's chain recomputed and compared with its head from a saved tenure record, which
        also finds events deleted from a stream's end. Nothing is written."""
        chosen = (await record.streams(conn, manager_id)).stream_ids if manager_id and record is not None else []
        return await check_chains(conn, service, chosen, heads)


def _add_record_part_route(router: APIRouter, service: str, record: RecordSpec) -> None:
    @router.get("/record-parts/{manager_id}", summary="This service's part of a manager's tenure record",
                response_class=JSONResponse,
                dependencies=[allow("record.read", manager_at(), what="manager", logged=True)])
    async def record_part(manager_id: UUID, uow: ReadUowDep, as_of: AsOfDep) -> JSONResponse:
        """The manager's streams replayed as of a recorded time: what they hold, their heads, their history."""
        return JSONResponse(await build_part(service, record, uow, manager_id, as_of))  # plain JSON already


def _add_rebuild_route(router: APIRouter, service: str, read_models: Sequence[Table], projector: Projector) -> None:
    @router.post("/read-models/rebuild", response_model=RebuildReport, summary="Rebuild the read models from the events",
                 dependencies=[allow("readmodel.rebuild")])
    async def rebuild(uow: UowDep) -> RebuildReport:
        """Empty this service's read models and project every stream again, in one transaction."""
        await uow.begin()
        assert uow.conn is not None
        report = await rebuild_read_models(uow.conn, read_models, projector)
        return RebuildReport(service=service, read_models=[t.name for t in read_models], **report.public())


def _add_access_log_route(router: APIRouter) -> None:
    @router.get("/access-log", response_model=list[AccessPublic], summary="Who read a manager's pay and record",
                dependencies=[allow("accesslog.read", manager_at(), what="manager")])
    async def list_access(
        conn: ReadDep,
        manager_id: Annotated[UUID, Query(description="the manager whose data was read")],
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> list[AccessPublic]:
        """Newest first: who (subject, name, roles), when, which route and path, from which address."""
        rows = await conn.execute(
            select(access_log).where(access_log.c.manager_id == str(manager_id))
            .order_by(access_log.c.at.desc(), access_log.c.id.desc()).limit(limit)
        )
        return [AccessPublic(**{**r, "roles": r["roles"].split(",") if r["roles"] else []}) for r in rows.mappings()]
