"""Handlers for actuals and ratings: checked against the signed letter's KPI sheet, kept in a ledger."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from services.appraisal_svc.adapters.letter_sheets import sheet_kpis, tenure_sheet_kpis
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.domain.actuals import Entry, KpiActuals, ledger_id, period_name
from services.appraisal_svc.domain.letter_kpis import kpi_of, require_measured, require_rated
from services.appraisal_svc.domain.tenure_sheets import TenureSheet
from shared.domain.dates import business_day
from shared.errors import ConflictError, NotFoundError, TenureSystemError
from shared.unit_of_work import UnitOfWork


async def ledger(uow: UnitOfWork, tenure_id: UUID, year: int | None, version: int | None = None) -> KpiActuals:
    """The tenure's ledger for the year (None: the tenure period's), opened on its first figure; `version`
    (If-Match) must be its own (0 or none for a ledger not opened yet)."""
    try:
        return await uow.load(KpiActuals, ledger_id(tenure_id, year), expected_version=version)
    except NotFoundError:
        if version:
            raise ConflictError(f"the ledger of {period_name(year)} of tenure {tenure_id} has no version {version}; reload it",
                                field="If-Match", rule="optimistic_concurrency") from None
        return KpiActuals(tenure_id=tenure_id, year=year)


async def sheet_kpi(uow: UnitOfWork, tenure_id: UUID, year: int | None, kpi_code: str) -> dict[str, Any]:
    """The KPI as the signed annual letter of that year (None: the tenure letter) defines it."""
    return kpi_of(await sheet_kpis(uow, tenure_id, year), year, kpi_code)


class ActualsBatch:
    """Actuals recorded together: each letter read and each ledger loaded once, however many rows name it,
    and every ledger saved at the end, in one transaction (nothing is saved when the caller does not)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._sheets: dict[tuple[UUID, int | None], list[dict[str, Any]] | TenureSystemError] = {}
        self._ledgers: dict[tuple[UUID, int | None], KpiActuals] = {}

    async def record(self, cmd: c.RecordActual, version: int | None = None) -> tuple[KpiActuals, Entry]:
        year = cmd.ledger_year
        require_measured(kpi_of(await self._sheet(cmd.tenure_id, year), year, cmd.kpi_code))
        key = (cmd.tenure_id, year)
        if key not in self._ledgers:
            self._ledgers[key] = await ledger(self.uow, cmd.tenure_id, year, version)
        actuals = self._ledgers[key]
        return actuals, actuals.record_actual(cmd.kpi_code, cmd.value, cmd.audited, cmd.source, cmd.reference,
                                              today(self.uow))

    async def save(self) -> None:
        await self.uow.save(*self._ledgers.values())

    async def _sheet(self, tenure_id: UUID, year: int | None) -> list[dict[str, Any]]:
        key = (tenure_id, year)
        if key not in self._sheets:
            try:
                self._sheets[key] = await sheet_kpis(self.uow, tenure_id, year)
            except TenureSystemError as error:
                self._sheets[key] = error  # the next row of that tenure and year is refused alike, unasked
        found = self._sheets[key]
        if isinstance(found, TenureSystemError):
            raise found.with_traceback(None)
        return found


def today(uow: UnitOfWork) -> date:
    """The business day now, which an entry records as the day it was entered."""
    return business_day(uow.wiring.clock())


async def record_actual(uow: UnitOfWork, cmd: c.RecordActual, version: int | None = None) -> tuple[KpiActuals, Entry]:
    batch = ActualsBatch(uow)
    recorded = await batch.record(cmd, version)
    await batch.save()
    return recorded


async def record_actuals(uow: UnitOfWork, cmd: c.RecordActuals) -> list[Entry]:
    """All of them or none: the first refusal names the item at fault."""
    batch, entries = ActualsBatch(uow), []
    for index, item in enumerate(cmd.items):
        try:
            entries.append((await batch.record(item))[1])
        except TenureSystemError as error:
            raise type(error)(
                f"item {index}: {error.detail}", field=f"items.{index}.{error.field}", rule=error.rule, **error.extra
            ) from None
    await batch.save()
    return entries


async def record_rating(uow: UnitOfWork, cmd: c.RecordRating, version: int | None = None) -> tuple[KpiActuals, Entry]:
    require_rated(await sheet_kpi(uow, cmd.tenure_id, cmd.ledger_year, cmd.kpi_code))
    actuals = await ledger(uow, cmd.tenure_id, cmd.ledger_year, version)
    entry = actuals.record_rating(cmd.kpi_code, cmd.evaluator, cmd.rating, "manual", today(uow))
    await uow.save(actuals)
    return actuals, entry


async def correct_entry(uow: UnitOfWork, cmd: c.CorrectEntry, version: int | None = None) -> tuple[KpiActuals, Entry]:
    actuals = await uow.load(KpiActuals, ledger_id(cmd.tenure_id, cmd.ledger_year), expected_version=version)
    entry = actuals.correct(cmd.entry_id, cmd.value, cmd.reason, cmd.audited, on=today(uow))
    await uow.save(actuals)
    return actuals, entry


async def inputs_of(uow: UnitOfWork, tenure_ids: list[str], year: int | None) -> dict[str, dict[str, Any]]:
    """What each tenure's ledger holds for the year (None: the tenure period), in the shape an appraisal scores."""
    inputs: dict[str, dict[str, Any]] = {}
    for tenure_id in tenure_ids:
        actuals = await ledger(uow, UUID(tenure_id), year)
        ratings: dict[str, list[dict[str, Any]]] = {}
        for code in {e.kpi_code for e in actuals.entries if e.kind == "rating"}:
            ratings[code] = [{"value": e.value, "entry_id": e.entry_id, "evaluator": e.evaluator}
                             for e in actuals.current_ratings(code)]
        inputs[tenure_id] = {
            "actuals": {code: {"value": e.value, "entry_id": e.entry_id, "audited": e.audited}
                        for code, e in actuals.current_actuals().items()},
            "ratings": ratings,
        }
    return inputs


async def tenure_sheets(uow: UnitOfWork, tenure_ids: list[str]) -> dict[str, TenureSheet]:
    """Of these tenures, those whose signed tenure letter carries its own sheet: its KPIs and the tenure period's
    ledger."""
    sheets = {}
    for tenure_id in tenure_ids:
        if kpis := await tenure_sheet_kpis(uow, UUID(tenure_id)):
            sheets[tenure_id] = TenureSheet(kpis, (await inputs_of(uow, [tenure_id], None))[tenure_id])
    return sheets
