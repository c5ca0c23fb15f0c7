"""Actuals and ratings: one at a time, in a batch from the group ERP, or from the HR office's spreadsheets."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile, status
from pydantic import TypeAdapter

from services.appraisal_svc.adapters.scope import require_tenure, require_tenures
from services.appraisal_svc.application import actuals as handlers
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.application.uploads import record_upload
from services.appraisal_svc.api.ledger_schemas import EntryPublic, LedgerPublic
from services.appraisal_svc.application.commands import Period
from services.appraisal_svc.domain.actuals import Entry, KpiActuals, ledger_id
from services.appraisal_svc.domain.letter_kpis import ledger_year
from shared.api.bulk import bulk_body, documented
from shared.api.deps import IfMatchDep, ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute
from shared.api.security import AccessDep, allow
from shared.auth.scope import tenure_at
from shared.inputs import Bulk
from shared.knowledge.tables import known_tenures

router = APIRouter(tags=["actuals"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED
# A batch's body is read an item at a time (shared.api.bulk), and its entries answered as JSON straight away.
ActualsDep = Annotated[Bulk[c.RecordActuals, c.RecordActual],
                       Depends(bulk_body(c.RecordActuals, "items", c.RecordActual, key=handlers.ledger_key))]
RatingsDep = Annotated[Bulk[c.RecordRatings, c.RecordRating],
                       Depends(bulk_body(c.RecordRatings, "items", c.RecordRating, key=handlers.ledger_key))]
ENTRIES = TypeAdapter(list[EntryPublic])


def entries_answer(entries: list[Entry]) -> Response:
    return Response(ENTRIES.dump_json(entries), status_code=CREATED, media_type="application/json")


def answer(response: Response, ledger: KpiActuals) -> LedgerPublic:
    with_version(response, ledger.version)
    return LedgerPublic.of(ledger)


@router.post("/actuals", status_code=CREATED, response_model=LedgerPublic, dependencies=[allow("actual.record")])
async def record_actual(cmd: c.RecordActual, uow: UowDep, access: AccessDep, version: IfMatchDep,
                       response: Response) -> LedgerPublic:
    """One actual of a KPI of the signed annual letter of `year`, or (`period: "tenure"`, no year) of the
    tenure letter's own sheet; audited or not, with its source."""
    await require_tenure(access, cmd.tenure_id)
    return answer(response, (await handlers.record_actual(uow, cmd, version))[0])


@router.post("/actuals/batch", status_code=CREATED, response_model=list[EntryPublic],
             dependencies=[allow("actual.record")], openapi_extra=documented(c.RecordActuals))
async def record_actuals(batch: ActualsDep, uow: UowDep, access: AccessDep) -> Response:
    """Several actuals, as the group ERP posts them: all recorded, or none (nor any if one item's tenure is
    not the caller's)."""
    await require_tenures(access, [tenure_id for tenure_id, _ in batch.items.keys])
    return entries_answer(await handlers.record_actuals(uow, batch.items))


@router.post("/actuals/upload", status_code=CREATED, response_model=list[EntryPublic],
             dependencies=[allow("actual.record")])
async def upload_actuals(
    uow: UowDep, access: AccessDep, file: Annotated[UploadFile, File(description="CSV or XLSX")]
) -> list[EntryPublic]:
    """A spreadsheet of actuals (columns manager_code, year, kpi_code, value, audited, reference): all rows
    recorded, or none, with every bad row named by its row number; a manager outside the caller's
    enterprises is a bad row, as an unknown one is. A CSV is UTF-8 (with or without a byte order mark); a file
    is refused unread beyond 20,000 rows of actuals, a run of 1,000 blank rows, or an XLSX that unpacks
    beyond 50 MB or expands more than 100 times."""
    reachable = await access.where(known_tenures.c.enterprise_id, known_tenures.c.manager_id)
    entries = await record_upload(uow, file.filename or "", file.file, reachable)
    return list(entries)


@router.post("/actuals/corrections", status_code=CREATED, response_model=LedgerPublic,
             dependencies=[allow("actual.correct")])
async def correct(cmd: c.CorrectEntry, uow: UowDep, access: AccessDep, version: IfMatchDep,
                 response: Response) -> LedgerPublic:
    """A new figure for an actual or a rating, naming the entry it corrects and why."""
    await require_tenure(access, cmd.tenure_id)
    return answer(response, (await handlers.correct_entry(uow, cmd, version))[0])


@router.post("/ratings", status_code=CREATED, response_model=LedgerPublic, dependencies=[allow("actual.rate")])
async def record_rating(cmd: c.RecordRating, uow: UowDep, access: AccessDep, version: IfMatchDep,
                       response: Response) -> LedgerPublic:
    """One evaluator's rating of a qualitative KPI; the KPI takes the evaluators' mean."""
    await require_tenure(access, cmd.tenure_id)
    return answer(response, (await handlers.record_rating(uow, cmd, version))[0])


@router.post("/ratings/batch", status_code=CREATED, response_model=list[EntryPublic],
             dependencies=[allow("actual.rate")], openapi_extra=documented(c.RecordRatings))
async def record_ratings(batch: RatingsDep, uow: UowDep, access: AccessDep) -> Response:
    """Several ratings, of many tenures: all recorded, or none (nor any if one item's tenure is not the
    caller's); each checked as `POST /ratings` checks it, the first refusal naming its item."""
    await require_tenures(access, [tenure_id for tenure_id, _ in batch.items.keys])
    return entries_answer(await handlers.record_ratings(uow, batch.items))


@router.get("/actuals", response_model=LedgerPublic,
            dependencies=[allow("actual.read", tenure_at("tenure_id"), what="tenure")])
async def read_ledger(
    uow: ReadUowDep, response: Response, tenure_id: Annotated[UUID, Query()],
    year: Annotated[int | None, Query()] = None, period: Annotated[Period, Query()] = "annual",
) -> LedgerPublic:
    """A tenure's ledger for the year (or, `period=tenure`, for the tenure period): to its enterprise's offices,
    and to the manager, their own."""
    return answer(response, await uow.load(KpiActuals, ledger_id(tenure_id, ledger_year(period, year))))
