"""Handlers for actuals and ratings: checked against the signed letter's KPI sheet, kept in a ledger."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.knowledge import tables as knowledge
from services.appraisal_svc.application import commands as c
from services.appraisal_svc.domain.actuals import Entry, KpiActuals, ledger_id
from shared.errors import NotFoundError, RuleViolationError, TenureSystemError
from shared.unit_of_work import UnitOfWork


async def ledger(uow: UnitOfWork, tenure_id: UUID, year: int) -> KpiActuals:
    """The tenure's ledger for the year, opened on its first figure."""
    try:
        return await uow.load(KpiActuals, ledger_id(tenure_id, year))
    except NotFoundError:
        return KpiActuals(tenure_id=tenure_id, year=year)


async def sheet_kpi(uow: UnitOfWork, tenure_id: UUID, year: int, kpi_code: str) -> dict[str, Any]:
    """The KPI as the signed annual letter of that year defines it."""
    await uow.begin()
    assert uow.conn is not None
    await knowledge.tenure(uow.conn, tenure_id)
    letter = await knowledge.signed_annual_letter(uow.conn, str(tenure_id), year)
    for kpi in letter.kpis:
        if kpi["code"] == kpi_code:
            return kpi
    codes = ", ".join(k["code"] for k in letter.kpis)
    raise RuleViolationError(
        f"the {year} letter has no KPI {kpi_code!r}; its KPIs are {codes}", field="kpi_code", rule="known_kpi"
    )


async def record_actual(uow: UnitOfWork, cmd: c.RecordActual) -> tuple[KpiActuals, Entry]:
    kpi = await sheet_kpi(uow, cmd.tenure_id, cmd.year, cmd.kpi_code)
    if kpi["rule"] == "rated":
        raise RuleViolationError(
            f"KPI {cmd.kpi_code} is rated by evaluators; post its ratings to /ratings", field="kpi_code", rule="rated_kpi"
        )
    actuals = await ledger(uow, cmd.tenure_id, cmd.year)
    entry = actuals.record_actual(cmd.kpi_code, cmd.value, cmd.audited, cmd.source, cmd.reference)
    await uow.save(actuals)
    return actuals, entry


async def record_actuals(uow: UnitOfWork, cmd: c.RecordActuals) -> list[Entry]:
    """All of them or none: the first refusal names the item at fault."""
    entries = []
    for index, item in enumerate(cmd.items):
        try:
            entries.append((await record_actual(uow, item))[1])
        except TenureSystemError as error:
            raise type(error)(
                f"item {index}: {error.detail}", field=f"items.{index}.{error.field}", rule=error.rule, **error.extra
            ) from None
    return entries


async def record_rating(uow: UnitOfWork, cmd: c.RecordRating) -> tuple[KpiActuals, Entry]:
    kpi = await sheet_kpi(uow, cmd.tenure_id, cmd.year, cmd.kpi_code)
    if kpi["rule"] != "rated":
        raise RuleViolationError(
            f"KPI {cmd.kpi_code} is measured, not rated; post its actual to /actuals", field="kpi_code", rule="measured_kpi"
        )
    actuals = await ledger(uow, cmd.tenure_id, cmd.year)
    entry = actuals.record_rating(cmd.kpi_code, cmd.evaluator, cmd.rating, "manual")
    await uow.save(actuals)
    return actuals, entry


async def correct_entry(uow: UnitOfWork, cmd: c.CorrectEntry) -> tuple[KpiActuals, Entry]:
    actuals = await uow.load(KpiActuals, ledger_id(cmd.tenure_id, cmd.year))
    entry = actuals.correct(cmd.entry_id, cmd.value, cmd.reason, cmd.audited)
    await uow.save(actuals)
    return actuals, entry


async def inputs_of(uow: UnitOfWork, tenure_ids: list[str], year: int) -> dict[str, dict[str, Any]]:
    """What each tenure's ledger holds for the year, in the shape an appraisal scores."""
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
