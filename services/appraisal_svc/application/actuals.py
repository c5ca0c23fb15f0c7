"""Handlers for actuals and ratings: checked against the signed letter's KPI sheet, kept in a ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from services.appraisal_svc.adapters.letter_sheets import annual_sheets_kpis, sheet_kpis, tenure_sheets_kpis
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.domain.actuals import Entry, KpiActuals, ledger_id, period_name
from services.appraisal_svc.domain.letter_kpis import kpi_of, require_measured, require_rated
from services.appraisal_svc.domain.tenure_sheets import TenureSheet
from shared.domain.dates import business_day
from shared.errors import ConflictError, NotFoundError, TenureSystemError
from shared.inputs import Items
from shared.unit_of_work import UnitOfWork

L = TypeVar("L", bound=c.LedgerCommand)  # an item of a batch: an actual or a rating
LedgerKey = tuple[UUID, int | None]  # a tenure and the year of its ledger (None: the tenure period's)
PART = 200  # a batch's items made into commands this many at a time


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
        actuals = await self._ledger(cmd, version)
        return actuals, actuals.record_actual(cmd.kpi_code, cmd.value, cmd.audited, cmd.source, cmd.reference,
                                              today(self.uow))

    async def rate(self, cmd: c.RecordRating, version: int | None = None) -> tuple[KpiActuals, Entry]:
        """One evaluator's rating of a qualitative KPI of the sheet, as `POST /ratings` records it."""
        year = cmd.ledger_year
        require_rated(kpi_of(await self._sheet(cmd.tenure_id, year), year, cmd.kpi_code))
        actuals = await self._ledger(cmd, version)
        return actuals, actuals.record_rating(cmd.kpi_code, cmd.evaluator, cmd.rating, "manual", today(self.uow))

    async def _ledger(self, cmd: c.LedgerCommand, version: int | None) -> KpiActuals:
        key = (cmd.tenure_id, cmd.ledger_year)
        if key not in self._ledgers:
            self._ledgers[key] = await ledger(self.uow, cmd.tenure_id, cmd.ledger_year, version)
        return self._ledgers[key]

    async def prefetch(self, ledgers: Iterable[LedgerKey]) -> None:
        """The letters and ledgers of the annual rows read ahead, a query for all of them: 3 queries a part of
        a batch, not 3 a tenure. What is not found is left to `record`, which refuses it as it would alone."""
        pairs = {(str(tenure_id), year) for tenure_id, year in ledgers if year is not None}
        if not pairs:
            return
        for (tenure_id, year), kpis in (await annual_sheets_kpis(self.uow, pairs)).items():
            self._sheets[(UUID(tenure_id), year)] = kpis
        by_year: dict[int, list[UUID]] = {}
        for tenure_id, year in pairs:
            by_year.setdefault(year, []).append(UUID(tenure_id))
        for year, tenure_ids in by_year.items():
            for tenure_id, ledger_ in (await ledgers_of(self.uow, tenure_ids, year)).items():
                self._ledgers[(UUID(tenure_id), year)] = ledger_

    async def save(self) -> None:
        await self.uow.save(*self._ledgers.values())

    async def let_go(self) -> None:
        """Save the ledgers taken so far and forget them and their letters (a bulk batch's part is done): a later
        item of one of them loads it again, as this transaction saved it."""
        await self.uow.save(*self._ledgers.values(), held=False)
        self._ledgers.clear()
        self._sheets.clear()

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


async def record_actuals(uow: UnitOfWork, items: Items[c.RecordActual]) -> list[Entry]:
    """All of them or none: the first refusal names the item at fault."""
    batch = ActualsBatch(uow)
    return await _all_or_none(batch, items, batch.record)


async def record_ratings(uow: UnitOfWork, items: Items[c.RecordRating]) -> list[Entry]:
    """Ratings of many tenures at once, as `record_actuals` takes actuals: all of them or none."""
    batch = ActualsBatch(uow)
    return await _all_or_none(batch, items, batch.rate)


def ledger_key(cmd: c.LedgerCommand) -> LedgerKey:
    """What a batch keeps of each item before taking it: the ledger it goes to (its reads ahead, its scope)."""
    return cmd.tenure_id, cmd.ledger_year


async def _all_or_none(batch: ActualsBatch, items: Items[L],
                       take: Callable[[L], Awaitable[tuple[KpiActuals, Entry]]]) -> list[Entry]:
    """Each item taken in order, a part at a time (its letters and ledgers read ahead together, its ledgers saved
    before the next part is read); the first refusal names the item at fault, and the caller's transaction
    undoes what was saved."""
    entries = []
    for first, part in items.parts(PART):
        await batch.prefetch(items.keys[first:first + len(part)])
        for index, item in enumerate(part, start=first):
            try:
                entries.append((await take(item))[1])
            except TenureSystemError as error:
                raise error.within(f"items.{index}", f"item {index}") from None
        await batch.let_go()
    return entries


async def record_rating(uow: UnitOfWork, cmd: c.RecordRating, version: int | None = None) -> tuple[KpiActuals, Entry]:
    batch = ActualsBatch(uow)
    recorded = await batch.rate(cmd, version)
    await batch.save()
    return recorded


async def correct_entry(uow: UnitOfWork, cmd: c.CorrectEntry, version: int | None = None) -> tuple[KpiActuals, Entry]:
    actuals = await uow.load(KpiActuals, ledger_id(cmd.tenure_id, cmd.ledger_year), expected_version=version)
    entry = actuals.correct(cmd.entry_id, cmd.value, cmd.reason, cmd.audited, on=today(uow))
    await uow.save(actuals)
    return actuals, entry


async def inputs_of(uow: UnitOfWork, tenure_ids: list[str], year: int | None) -> dict[str, dict[str, Any]]:
    """What each tenure's ledger holds for the year (None: the tenure period), in the shape an appraisal scores;
    every ledger read in one query, however large the group."""
    ledgers = await ledgers_of(uow, [UUID(t) for t in tenure_ids], year)
    return {tenure_id: scored_inputs(ledgers[tenure_id]) for tenure_id in tenure_ids}


async def ledgers_of(uow: UnitOfWork, tenure_ids: list[UUID], year: int | None) -> dict[str, KpiActuals]:
    """The tenures' ledgers for the year, in one query; a ledger not opened yet is an empty one."""
    ids = {str(t): ledger_id(t, year) for t in tenure_ids}
    found = await uow.load_many(KpiActuals, list(ids.values()))
    return {tenure_id: found[stream_id] if stream_id in found else KpiActuals(tenure_id=UUID(tenure_id), year=year)
            for tenure_id, stream_id in ids.items()}


def scored_inputs(actuals: KpiActuals) -> dict[str, Any]:
    """A ledger's current actuals and ratings, each with the entry it rests on."""
    ratings: dict[str, list[dict[str, Any]]] = {}
    for code in {e.kpi_code for e in actuals.entries if e.kind == "rating"}:
        ratings[code] = [{"value": e.value, "entry_id": e.entry_id, "evaluator": e.evaluator}
                         for e in actuals.current_ratings(code)]
    return {
        "actuals": {code: {"value": e.value, "entry_id": e.entry_id, "audited": e.audited}
                    for code, e in actuals.current_actuals().items()},
        "ratings": ratings,
    }


async def tenure_sheets(uow: UnitOfWork, tenure_ids: list[str]) -> dict[str, TenureSheet]:
    """Of these tenures, those whose signed tenure letter carries its own sheet: its KPIs and the tenure period's
    ledger (two queries for all of them)."""
    found = await tenure_sheets_kpis(uow, tenure_ids)
    inputs = await inputs_of(uow, list(found), None) if found else {}
    return {tenure_id: TenureSheet(found[tenure_id], inputs[tenure_id])
            for tenure_id in tenure_ids if tenure_id in found}
