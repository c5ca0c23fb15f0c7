"""Actuals and ratings: one at a time, in a batch from the group ERP, or from the HR office's spreadsheets."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from services.appraisal_svc.application import actuals as handlers
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.application.uploads import record_upload
from services.appraisal_svc.api.schemas import EntryPublic, LedgerPublic
from services.appraisal_svc.domain.actuals import KpiActuals, ledger_id
from shared.api.deps import ReadUowDep, UowDep
from shared.api.responses import with_version
from shared.api.routing import CommandRoute

router = APIRouter(tags=["actuals"], route_class=CommandRoute)
CREATED = status.HTTP_201_CREATED


def answer(response: Response, ledger: KpiActuals) -> LedgerPublic:
    with_version(response, ledger.version)
    return LedgerPublic.of(ledger)


@router.post("/actuals", status_code=CREATED, response_model=LedgerPublic)
async def record_actual(cmd: c.RecordActual, uow: UowDep, response: Response) -> LedgerPublic:
    """One actual of a KPI of the signed annual letter; audited or not, with its source."""
    return answer(response, (await handlers.record_actual(uow, cmd))[0])


@router.post("/actuals/batch", status_code=CREATED, response_model=list[EntryPublic])
async def record_actuals(cmd: c.RecordActuals, uow: UowDep) -> list[EntryPublic]:
    """Several actuals, as the group ERP posts them: all recorded, or none."""
    return [EntryPublic(**e.__dict__) for e in await handlers.record_actuals(uow, cmd)]


@router.post("/actuals/upload", status_code=CREATED, response_model=list[EntryPublic])
async def upload_actuals(uow: UowDep, file: Annotated[UploadFile, File(description="CSV or XLSX")]) -> list[EntryPublic]:
    """A spreadsheet of actuals (columns manager_code, year, kpi_code, value, audited, reference): all rows
    recorded, or none, with every bad row named by its row number."""
    entries = await record_upload(uow, file.filename or "", await file.read())
    return [EntryPublic(**e.__dict__) for e in entries]


@router.post("/actuals/corrections", status_code=CREATED, response_model=LedgerPublic)
async def correct(cmd: c.CorrectEntry, uow: UowDep, response: Response) -> LedgerPublic:
    """A new figure for an actual or a rating, naming the entry it corrects and why."""
    return answer(response, (await handlers.correct_entry(uow, cmd))[0])


@router.post("/ratings", status_code=CREATED, response_model=LedgerPublic)
async def record_rating(cmd: c.RecordRating, uow: UowDep, response: Response) -> LedgerPublic:
    """One evaluator's rating of a qualitative KPI; the KPI takes the evaluators' mean."""
    return answer(response, (await handlers.record_rating(uow, cmd))[0])


@router.get("/actuals", response_model=LedgerPublic)
async def read_ledger(
    uow: ReadUowDep, response: Response, tenure_id: Annotated[UUID, Query()], year: Annotated[int, Query()]
) -> LedgerPublic:
    return answer(response, await uow.load(KpiActuals, ledger_id(tenure_id, year)))
